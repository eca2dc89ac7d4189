import { dependencySet } from '../../../../core/cache/dependencySet';
import { recordsForDeps, type CacheRecord } from '../../../../core/cache/record';
import { analyzeReadme } from '../../../../core/markpact/loadReadme';
import type { MarkpactBlock, MarkpactDocument } from '../../../../core/markpact/model';
import { parseRequirement, type ParsedRequirement } from '../../../../core/markpact/requirements';
import { deriveService, depsEcosystem } from '../../../../core/markpact/service';
import type { LanguageService } from '../languageService';
import { code } from './documentText';
import { commandProgram } from '../../../../core/runtime/commandProgram';
import { otherToolchains } from '../../../../core/runtime/toolchains';
import { humanSize } from '../../../../core/text/humanize';

/** Hover text for a line of a deps block: the line's package, then the cache status of the README's dependency set. */
export async function depsHover(service: LanguageService, path: string | undefined, parsed: MarkpactDocument, block: MarkpactBlock, offset: number): Promise<string> {
  const line = block.lines.find((l) => offset >= l.span.start && offset <= l.span.end);
  const parts: string[] = [];
  if (line) {
    const about = describeRequirement(parseRequirement(line.text, depsEcosystem(block)));
    if (about) parts.push(about);
  }
  parts.push(await cacheStatus(service, path, parsed, block));
  const other = otherToolchain(parsed, block);
  if (other) parts.push(`The dependency cache handles Python and Node only: ${other}`);
  return parts.join('\n\n---\n\n');
}

const fetcherLangs: Record<string, string> = { go: 'Go', golang: 'Go', rust: 'Rust', php: 'PHP', java: 'Java', ruby: 'Ruby', csharp: '.NET' };

/** Why this README's toolchain is not cached, when it is not Python or Node (its run command's program, or the deps block's language). */
function otherToolchain(parsed: MarkpactDocument, block: MarkpactBlock): string | undefined {
  const run = deriveService(parsed.blocks).run?.command;
  const program = run ? commandProgram(run) : undefined;
  const toolchain = program ? otherToolchains[program] : undefined;
  if (toolchain) return `this README runs ${code(program!)} (${toolchain.name}), whose own tool fetches its dependencies at run time, uncached.`;
  const lang = fetcherLangs[block.lang.toLowerCase()];
  return lang ? `a ${code(block.lang)} deps block is installed with pip as pactown does, not by the ${lang} toolchain.` : undefined;
}

function describeRequirement(req: ParsedRequirement): string | undefined {
  switch (req.kind) {
    case 'package':
      return `**${req.name}** — normalised name ${code(req.normalizedName)}, ${req.spec ? `spec ${code(req.spec)}` : 'any version'}`;
    case 'location':
      return `Installed from ${code(req.target)}${req.name ? ` (package ${code(req.name)})` : ''}`;
    case 'option':
      return `pip option ${code(req.option)}${req.value ? ` ${code(req.value)}` : ''}`;
    case 'invalid':
      return `Not a valid requirement: ${req.message}`;
    default:
      return undefined;
  }
}

/**
 * Whether the dependency set this README installs is in the cache. The set is what the
 * orchestrator installs (deriveService: the runtime's deps, implicit uvicorn/gunicorn included),
 * identified by depsHash, so the answer holds for whichever runtime built it.
 */
async function cacheStatus(service: LanguageService, path: string | undefined, parsed: MarkpactDocument, block: MarkpactBlock): Promise<string> {
  // The same model the orchestrator builds (includes followed), so the hash is the one it caches under.
  const model = path ? (await analyzeReadme(path, parsed, service.files)).service : deriveService(parsed.blocks);
  const { ecosystem, requirements: installed, normalized: requirements, hash, packages } = dependencySet(model);
  if (!installed.some((r) => r.block === block)) {
    return `**Dependency cache** — this block is not installed: the README runs as ${ecosystem} (${model.runtime.rule}), and ${ecosystem === 'node' ? 'npm installs only the Node deps blocks' : 'pip installs the Python deps'}.`;
  }
  const implicit = installed.filter((r) => r.implicit).map((r) => code(r.raw));
  const heading = `**Dependency cache** (${ecosystem}, ${requirements.length} requirement${requirements.length === 1 ? '' : 's'}${implicit.length ? `, ${implicit.join(', ')} added for the run command` : ''})`;
  let records: CacheRecord[] = [];
  try {
    records = await recordsForDeps(service.cacheDirectory, hash);
  } catch {
    // An unreadable cache folder reads as an empty cache.
  }
  if (records.length === 0) {
    return `${heading}: **not cached** — first run installs ${packages} package${packages === 1 ? '' : 's'}.\n\n- dependency set ${code(hash)}\n- cache folder ${code(service.cacheDirectory)}`;
  }
  const [latest, ...others] = records;
  const lines = [
    `${heading}: **cached**`,
    '',
    // One identity for the set, before and after a build; the environment is that set built for one runtime.
    `- dependency set ${code(hash)}`,
    `- environment ${code(latest.key)}: this set built for ${latest.runtime.name} ${latest.runtime.version} (${latest.platform})`,
    `- size ${humanSize(latest.sizeBytes)}`,
    `- built ${when(latest.createdAt)}, last used ${when(latest.lastUsedAt)}, ${latest.hits} hit${latest.hits === 1 ? '' : 's'}`,
  ];
  if (others.length > 0) lines.push(`- also built for ${others.map((r) => `${r.runtime.name} ${r.runtime.version}`).join(', ')}`);
  return lines.join('\n');
}

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? code(String(iso)) : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
