import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { convertRequirement } from '../../../../core/markpact/convertRequirement';
import type { MarkpactBlock } from '../../../../core/markpact/model';
import { POPULAR_PACKAGES } from '../../../../core/markpact/popularPackages';
import { repairRequirement } from '../../../../core/markpact/requirementRepair';
import { parseRequirement, type DepsEcosystem } from '../../../../core/markpact/requirements';
import { depsEcosystem } from '../../../../core/markpact/service';
import type { Span } from '../../../../core/text/span';
import type { LanguageService } from '../languageService';
import { afterBlock, blockLines, fencedBlock, lineBounds, linePrefix } from './blockEdits';
import { blockAt, ownBlocks } from './documentText';
import { fixAction, spanEdit } from './fixAction';
import { cachedPackageNames } from './offlineSources';

type Data = Record<string, unknown>;

/** The header a new deps block of each ecosystem gets: read as such by pactown and by the markpact CLI. */
export const DEPS_HEADER: Record<DepsEcosystem, string> = { python: 'text markpact:deps python', node: 'node markpact:deps' };

const isSpan = (value: unknown): value is Span =>
  !!value && typeof value === 'object' && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number';
const isEcosystem = (value: unknown): value is DepsEcosystem => value === 'python' || value === 'node';

/** `no-run`: a run block with a command the files suggest (the diagnostic carries them), after the README's last block. */
export function noRunFixes(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic, data: Data): CodeAction[] {
  const commands = Array.isArray(data.commands) ? data.commands.filter((c): c is string => typeof c === 'string' && c.trim() !== '' && !c.includes('```')) : [];
  const last = ownBlocks(service.markdown.get(doc)).at(-1);
  if (!last || commands.length === 0) return [];
  const place = afterBlock(doc, last);
  return commands.map((command, index) => {
    const text = `${place.before}${fencedBlock('bash markpact:run', command.split('\n'))}${place.after}`;
    return fixAction(`Add a run block: ${command}`, doc, diagnostic, [spanEdit(doc, { start: place.at, end: place.at }, text)], index === 0);
  });
}

/** `multiple-run` (on a later run block): remove it, so the first one runs everywhere; or keep only this one. */
export function multipleRunFixes(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic): CodeAction[] {
  const parsed = service.markdown.get(doc);
  const block = blockAt(parsed, doc.offsetAt(diagnostic.range.start));
  if (block?.kind !== 'run') return [];
  const others = ownBlocks(parsed).filter((b) => b.kind === 'run' && b !== block);
  return [
    fixAction('Remove this run block (pactown runs the first one)', doc, diagnostic, [spanEdit(doc, blockLines(doc, block), '')]),
    fixAction('Keep only this run block', doc, diagnostic, others.map((b) => spanEdit(doc, blockLines(doc, b), '')), false),
  ];
}

/**
 * `deps-ecosystem-mismatch` on a line: moves it into the first deps block of its own ecosystem;
 * without one, the block becomes one (when the line is all it lists) or a new block follows it.
 */
export function moveDepsLine(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic, data: Data): CodeAction | undefined {
  if (!isEcosystem(data.ecosystem) || !isSpan(data.line)) return undefined;
  const home = data.ecosystem;
  const parsed = service.markdown.get(doc);
  const source = blockAt(parsed, data.line.start);
  const line = source?.lines.find((l) => l.span.start === (data.line as Span).start);
  if (!source || !line) return undefined;
  const from = depsEcosystem(source);
  const moved = convertRequirement(line.text, from, home) ?? line.text.trim();
  const name = moved.split(/[@=<>!~;[\s]/, 1)[0] || moved;
  const listed = source.lines.filter((l) => parseRequirement(l.text, from).kind !== 'comment');
  const target = ownBlocks(parsed).find((b) => b.kind === 'deps' && depsEcosystem(b) === home);
  const removeLine = (): TextEdit => {
    if (listed.length === 1) return spanEdit(doc, blockLines(doc, source), '');
    const bounds = lineBounds(doc, line.span.start);
    return spanEdit(doc, { start: bounds.start, end: bounds.next }, '');
  };
  if (target) {
    return fixAction(`Move '${name}' to the ${home} deps block`, doc, diagnostic, [removeLine(), insertLine(doc, target, moved)]);
  }
  if (listed.length === 1) {
    const edits = [spanEdit(doc, source.infoSpan, DEPS_HEADER[home]), spanEdit(doc, line.span, moved)];
    return fixAction(`Make this a ${home} deps block (\`\`\`${DEPS_HEADER[home]})`, doc, diagnostic, edits);
  }
  const place = afterBlock(doc, source);
  const block = `${place.before}${fencedBlock(DEPS_HEADER[home], [moved])}${place.after}`;
  return fixAction(`Move '${name}' to a new ${home} deps block`, doc, diagnostic, [removeLine(), spanEdit(doc, { start: place.at, end: place.at }, block)]);
}

/** A line added at the end of a block's body (before its closing fence), with the container's prefix. */
function insertLine(doc: TextDocument, block: MarkpactBlock, text: string): TextEdit {
  if (!block.fence.closeSpan) return spanEdit(doc, { start: block.span.end, end: block.span.end }, `\n${text}`);
  const close = lineBounds(doc, block.fence.closeSpan.start);
  const prefix = linePrefix(doc, block.fence.closeSpan.start);
  return spanEdit(doc, { start: close.start, end: close.start }, `${prefix}${text}\n`);
}

/**
 * `invalid-requirement`: the near spellings the installer accepts (a fixed operator, a known
 * package name; see repairRequirement), compared with names known offline — a built-in list of
 * popular packages and the dependency cache's own summary. Preferred only when there is one.
 */
export async function requirementFixes(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic, data: Data): Promise<CodeAction[]> {
  if (!isEcosystem(data.ecosystem) || !isSpan(data.line)) return [];
  const ecosystem = data.ecosystem;
  const lineSpan = data.line;
  // Only a line that is still a deps line of the current text (the diagnostic may be older).
  const block = blockAt(service.markdown.get(doc), lineSpan.start);
  const line = block?.kind === 'deps' ? block.lines.find((l) => l.span.start === lineSpan.start && l.span.end === lineSpan.end) : undefined;
  if (!line) return [];
  const text = line.text;
  const known = [...POPULAR_PACKAGES[ecosystem], ...(await cachedPackageNames(service.cacheDirectory, ecosystem))];
  const candidates = repairRequirement(text, ecosystem, known);
  const prefix = linePrefix(doc, lineSpan.start);
  return candidates.map((candidate) => {
    const lines = candidate.split('\n');
    const title = lines.length > 1 ? `One package per line: ${lines.join(', ')}` : `Change to '${candidate.trim()}'`;
    return fixAction(title, doc, diagnostic, [spanEdit(doc, lineSpan, lines.join(`\n${prefix}`))], candidates.length === 1);
  });
}
