import { append } from '../text/append';
import { dirname, relative, resolve } from 'node:path';
import type { Problem, RelatedLocation } from '../diagnostics/problem';
import { lineCharacterAt } from '../text/lineCharacter';
import type { FileReader } from '../workspace';
import type { IncludeDirective, MarkpactBlock, MarkpactDocument } from './model';

// Why a directive shown as documentation still counts.
const inCodeSpan = "shown in inline code, but markpact's include regex follows it all the same (it reads the raw text)";

/** Upstream markpact follows includes at most this many levels deep (spec Appendix B). */
export const MAX_INCLUDE_DEPTH = 5;

export interface IncludeResult {
  /** The document's own blocks, then every included file's blocks (depth first), with `sourcePath` set on included ones. */
  blocks: MarkpactBlock[];
  /** `include-not-found` (and `include-in-code-span`) problems, all on a directive of the root document. */
  problems: Problem[];
  /** Absolute paths of the files included, in inclusion order. */
  included: string[];
  /** The parsed included files by absolute path (to show places in them). */
  documents: Map<string, MarkpactDocument>;
}

interface Walk {
  reader: FileReader;
  parse: (text: string) => MarkpactDocument;
  result: IncludeResult;
  /** Every file already read (upstream skips a file seen before, so a file's blocks appear once). */
  seen: Set<string>;
}

/**
 * Follows `<!-- markpact:include path=… -->` directives as upstream markpact does: paths are
 * relative to the including file's folder (absolute ones and ones climbing out of it are
 * allowed and resolved normally: includes only read files, never write them), at most 5 levels
 * deep, each file once. Where upstream silently skips a missing file, a cycle or a too-deep
 * include, we report `include-not-found` on the root document's directive that led there.
 */
export async function resolveIncludes(path: string, doc: MarkpactDocument, reader: FileReader, parse: (text: string) => MarkpactDocument): Promise<IncludeResult> {
  const root = resolve(path);
  const walk: Walk = { reader, parse, result: { blocks: [...doc.blocks], problems: [], included: [], documents: new Map() }, seen: new Set([root]) };
  for (const directive of doc.includes) await follow(walk, directive, directive, root, doc.text, [root], 1);
  return walk.result;
}

async function follow(walk: Walk, top: IncludeDirective, directive: IncludeDirective, from: string, fromText: string, chain: string[], depth: number): Promise<void> {
  const target = resolve(dirname(from), directive.path);
  const nested = chain.length > 1;
  const report = (reason: 'missing' | 'cycle' | 'depth', message: string) => {
    const problem: Problem = top.inCodeSpan
      ? { source: 'markpact', code: 'include-in-code-span', severity: 'hint', span: top.pathSpan, message: `${inCodeSpan}: ${message}`, data: { reason, target } }
      : { source: 'markpact', code: 'include-not-found', severity: 'warning', span: top.pathSpan, message, data: { reason, target } };
    if (nested) problem.related = [relatedIn(from, fromText, directive, 'the include directive in the included file')];
    walk.result.problems.push(problem);
  };
  const via = nested ? ` (included through ${chain.slice(1).map((p) => relative(dirname(chain[0]), p)).join(' → ')})` : '';
  if (chain.includes(target)) {
    const cycle = [...chain.slice(chain.indexOf(target)), target].map((p) => relative(dirname(chain[0]), p) || '.').join(' → ');
    report('cycle', `circular include: ${cycle}. markpact skips the repeated file; remove one of the directives${via}`);
    return;
  }
  if (depth > MAX_INCLUDE_DEPTH) {
    report('depth', `'${directive.path}' is ${depth} includes deep; markpact follows at most ${MAX_INCLUDE_DEPTH} levels and skips it${via}`);
    return;
  }
  if (walk.seen.has(target)) return; // already included elsewhere: upstream skips it, and its blocks are in once
  const text = await walk.reader.readText(target);
  if (text === undefined) {
    report('missing', `include target '${directive.path}' not found (looked for ${target}); markpact skips it silently, so its blocks are missing${via}`);
    return;
  }
  walk.seen.add(target);
  if (directive.inCodeSpan && !nested) {
    walk.result.problems.push({ source: 'markpact', code: 'include-in-code-span', severity: 'hint', span: top.pathSpan, message: `${inCodeSpan}: the blocks of '${directive.path}' run with this README`, data: { reason: 'found', target } });
  }
  const included = walk.parse(text);
  walk.result.included.push(target);
  walk.result.documents.set(target, included);
  append(walk.result.blocks, included.blocks.map((b) => ({ ...b, sourcePath: target })));
  for (const inner of included.includes) await follow(walk, top, inner, target, text, [...chain, target], depth + 1);
}

function relatedIn(path: string, text: string, directive: IncludeDirective, message: string): RelatedLocation {
  return {
    path,
    span: directive.pathSpan,
    range: { start: lineCharacterAt(text, directive.pathSpan.start), end: lineCharacterAt(text, directive.pathSpan.end) },
    message,
  };
}
