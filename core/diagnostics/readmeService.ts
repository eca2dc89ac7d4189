import { inferRunCommands } from '../markpact/inferRun';
import type { MarkpactBlock } from '../markpact/model';
import { wellKnownEcosystem } from '../markpact/requirements';
import type { Requirement, ServiceModel } from '../markpact/service';
import { lineCharacterAt } from '../text/lineCharacter';
import type { Span } from '../text/span';
import type { Problem, RelatedLocation, Severity } from './problem';

/** Where included blocks' texts can be found (to give their line/character in related locations). */
export type IncludedTexts = ReadonlyMap<string, { text: string }>;

type Emit = (code: string, severity: Severity, span: Span, message: string, extra?: Pick<Problem, 'related' | 'data'>) => void;

const isOwn = (block: MarkpactBlock) => block.sourcePath === undefined;
const ECOSYSTEM_NAME = { python: 'Python (pip)', node: 'Node (npm)' } as const;

/** Checks of the service as a whole: duplicates, run command, requirements, target. Only blocks of this document get problems. */
export function checkService(model: ServiceModel, blocks: readonly MarkpactBlock[], texts: IncludedTexts, emit: Emit): void {
  const related = (block: MarkpactBlock, span: Span, message: string): RelatedLocation => {
    if (isOwn(block)) return { span, message };
    const text = texts.get(block.sourcePath!)?.text;
    const location: RelatedLocation = { path: block.sourcePath!, span, message };
    if (text !== undefined) location.range = { start: lineCharacterAt(text, span.start), end: lineCharacterAt(text, span.end) };
    return location;
  };

  for (const file of model.files) {
    const earlier = file.overwrites;
    if (!earlier) continue;
    const span = (f: typeof file) => f.pathAttribute?.valueSpan ?? f.block.markerSpan;
    if (isOwn(file.block)) {
      emit('duplicate-path', 'warning', span(file), `'${file.path}' is also written by an earlier file block; this one overwrites it (the last write wins). Remove one of them or rename the path`, {
        related: [related(earlier.block, span(earlier), `first file block for '${file.path}'`)],
      });
    } else if (isOwn(earlier.block)) {
      // Included blocks come after this document's own, so an included file can overwrite one of ours.
      emit('duplicate-path', 'warning', span(earlier), `'${file.path}' is overwritten by a file block of the included ${file.block.sourcePath} (the last write wins). Remove one of them or rename the path`, {
        related: [related(file.block, span(file), `later file block for '${file.path}'`)],
      });
    }
  }

  const [firstRun, ...laterRuns] = model.runBlocks;
  for (const run of laterRuns.filter(isOwn)) {
    emit('multiple-run', 'warning', run.markerSpan, 'more than one run block: pactown runs the first one and the markpact CLI runs the last, so the tools start different commands. Keep a single run block', {
      related: [related(firstRun, firstRun.markerSpan, 'the first run block')],
    });
  }

  checkNoRun(model, blocks, emit);
  checkRequirements(model, emit, related);
  checkRuntime(model, emit, related);

  const target = model.target;
  if (target && isOwn(target.block)) {
    for (const p of target.problems) {
      const span = { start: bodyToDocument(target.block, p.span.start), end: bodyToDocument(target.block, p.span.end) };
      emit('invalid-target', p.severity, span, p.message, p.suggestion ? { data: { suggestion: p.suggestion } } : undefined);
    }
  }
}

function checkNoRun(model: ServiceModel, blocks: readonly MarkpactBlock[], emit: Emit): void {
  if (model.run || !blocks.some((b) => b.kind === 'file' || b.kind === 'deps')) return;
  // A publish README is built and published (markpact --publish), not run; an ecosystem that runs it still gets readme-no-run.
  if (blocks.some((b) => b.kind === 'publish')) return;
  const first = blocks.find(isOwn);
  if (!first) return;
  // What the files suggest, for the message and the quick fix that inserts a run block.
  const commands = inferRunCommands(model).map((r) => r.command);
  emit('no-run', 'warning', first.markerSpan, 'nothing to run: there is no run block, no target framework and no main.py, app.py, index.js, server.js or main.js file, so pactown stops with "No run command found". ' +
    `Add a \`\`\`bash markpact:run block${commands.length > 0 ? `, e.g. ${commands[0]}` : ''}`, commands.length > 0 ? { data: { commands } } : undefined);
}

type Related = (block: MarkpactBlock, span: Span, message: string) => RelatedLocation;

function lineSpan(r: Requirement, inLine: Span): Span {
  return { start: r.span.start + inLine.start, end: r.span.start + inLine.end };
}

function checkRequirements(model: ServiceModel, emit: Emit, related: Related): void {
  const seen = new Map<string, Requirement>();
  for (const r of model.requirements) {
    const own = isOwn(r.block);
    const p = r.parsed;
    if (p.kind === 'invalid') {
      // The quick fix re-reads the whole line for this ecosystem.
      if (own) emit('invalid-requirement', 'error', lineSpan(r, p.span), `invalid ${r.ecosystem === 'python' ? 'Python requirement' : 'npm package'}: ${p.message}`, { data: { ecosystem: r.ecosystem, line: r.span } });
      continue;
    }
    if (p.kind !== 'package') continue;
    const nameSpan = lineSpan(r, p.nameSpan);
    const key = `${r.ecosystem}:${p.normalizedName}`;
    const first = seen.get(key);
    // The same name under different environment markers is legitimate (`pkg; python_version < "3.8"`).
    const marker = (q: Requirement) => q.parsed.kind === 'package' && q.parsed.spec.includes(';');
    if (first && own && !marker(first) && !marker(r)) {
      emit('duplicate-dependency', 'warning', nameSpan, `'${p.name}' is already listed; keep one line (with the version you want)`, {
        related: [related(first.block, first.span, `first '${p.name}'`)],
      });
    } else if (!first) {
      seen.set(key, r);
    }
    const home = wellKnownEcosystem(p.name);
    if (own && home && home !== r.ecosystem) {
      const fence = home === 'node' ? '```node markpact:deps' : '```text markpact:deps python';
      const message = `'${p.name}' is a ${ECOSYSTEM_NAME[home]} package in a ${ECOSYSTEM_NAME[r.ecosystem]} deps block${mismatchFate(model, r)}: move it to a ${fence} block`;
      emit('deps-ecosystem-mismatch', 'warning', nameSpan, message, { data: { ecosystem: home, line: r.span } });
    }
  }
}

/** What pactown does with a deps line of the other ecosystem. */
function mismatchFate(model: ServiceModel, r: Requirement): string {
  if (r.ecosystem === 'node' || model.runtime.runtime === 'python') return `, but this block is installed with ${r.ecosystem === 'python' ? 'pip' : 'npm'}`;
  if (model.runtime.rule === 'node-deps') return ', which is not installed at all (the service runs as Node, and npm installs only the node deps blocks)';
  return '; it only reaches npm because pactown infers a Node service';
}

/** pactown decides Node vs Python for the whole service; Python deps in a service it runs as Node go to npm. */
function checkRuntime(model: ServiceModel, emit: Emit, related: Related): void {
  const { runtime } = model;
  if (runtime.runtime !== 'node' || runtime.rule === 'node-deps') return;
  // Blocks with real Python packages; well-known npm packages in them are reported as a mismatch instead.
  const isPythonPackage = (r: Requirement) => r.ecosystem === 'python' && r.parsed.kind === 'package' && wellKnownEcosystem(r.parsed.name) !== 'node';
  const pythonBlocks = [...new Set(model.requirements.filter(isPythonPackage).map((r) => r.block))];
  const why =
    runtime.rule === 'js-file' ? `the file '${runtime.file?.path}' is JavaScript/TypeScript`
      : runtime.rule === 'run-command' ? 'the run command starts node/npm'
        : 'the deps include express and the run command mentions node';
  for (const block of pythonBlocks.filter(isOwn)) {
    const evidence = runtime.file?.pathAttribute?.valueSpan ?? runtime.block?.markerSpan;
    emit('python-deps-sent-to-npm', 'warning', block.markerSpan, `pactown runs this service as Node because ${why}, so these Python requirements are handed to npm and no virtualenv is made. Use a \`\`\`node markpact:deps block for npm packages, or split the service`, {
      ...(evidence && runtime.block ? { related: [related(runtime.block, evidence, 'why the service counts as Node')] } : {}),
    });
  }
}

/** A document offset for an offset into `block.body` (the body is the block's lines joined with '\n'). */
export function bodyToDocument(block: MarkpactBlock, offset: number): number {
  let lineStart = 0;
  for (const line of block.lines) {
    const lineEnd = lineStart + line.text.length;
    if (offset <= lineEnd) return line.span.start + (offset - lineStart);
    lineStart = lineEnd + 1;
  }
  return block.lines.at(-1)?.span.end ?? block.span.end;
}
