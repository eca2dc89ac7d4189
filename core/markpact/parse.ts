import type { Code, Html, Nodes, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { shiftSpan } from '../text/span';
import { append } from '../text/append';
import { trailing } from '../text/trailing';
import { closingFence, closesFence, fenceIssues } from './fences';
import { splitChunks } from './chunks';
import { insideCodeSpan } from './codeSpan';
import { parseInfoString } from './infoString';
import type { IncludeDirective, LineEndings, MarkpactBlock, MarkpactDocument, Token } from './model';

/** What one chunk yields, with offsets relative to the chunk. */
interface ChunkResult {
  blocks: MarkpactBlock[];
  includes: IncludeDirective[];
}

/**
 * Only block structure matters here (fences, HTML, headings), so the inline constructs that
 * cost a third of micromark's time are switched off; inline HTML stays for include directives.
 */
const processor = unified()
  .use(remarkParse)
  .data('micromarkExtensions', [
    { disable: { null: ['attention', 'autolink', 'characterEscape', 'characterReference', 'codeText', 'labelStartImage', 'labelStartLink', 'labelEnd', 'hardBreakEscape'] } },
  ]);
/** Parsed chunks by text, least recently used first; bounded by the text they hold (an edited chunk's old versions go). */
const chunkCache = new Map<string, ChunkResult>();
const chunkCacheLimit = { entries: 2_000, characters: 4_000_000 };
let chunkCacheCharacters = 0;

/**
 * Parses a README with CommonMark (remark-parse) and returns its markpact blocks and include
 * directives with exact places. The text is parsed in independent chunks cached by
 * content, so after an edit only the touched chunk is parsed again. Only chunks that mention
 * markpact are parsed at all; with a budget (characters), parsing stops once that much of them
 * was parsed and `truncatedAt` says where.
 */
export function parseMarkpact(text: string, budget = processBudget): MarkpactDocument {
  const doc: MarkpactDocument = { text, blocks: [], includes: [], fenceIssues: fenceIssues(text), lineEndings: lineEndingsOf(text) };
  let spent = 0;
  for (const chunk of splitChunks(text)) {
    if (chunk.text.includes('markpact:')) {
      spent += chunk.text.length;
      if (spent > budget) {
        doc.truncatedAt = chunk.offset;
        break;
      }
    }
    const result = parseChunk(chunk.text);
    const d = chunk.offset;
    append(doc.blocks, result.blocks.map((b) => shiftBlock(b, d)));
    append(doc.includes, result.includes.map((i) => ({ ...i, span: shiftSpan(i.span, d), pathSpan: shiftSpan(i.pathSpan, d) })));
  }
  return doc;
}

function lineEndingsOf(text: string): LineEndings {
  const crlf = text.split('\r\n').length - 1;
  if (crlf === 0) return 'lf';
  return text.split('\n').length - 1 === crlf ? 'crlf' : 'mixed';
}

/**
 * The budget of every parse in this process (READMEs, their includes, the READMEs an ecosystem
 * references). The language server sets one, so no document can hold it up; the command line and
 * the orchestrator keep none: what runs is always read whole.
 */
let processBudget = Infinity;
export function limitParsing(characters: number): void {
  processBudget = characters;
}

const nothing: ChunkResult = { blocks: [], includes: [] };

function parseChunk(text: string): ChunkResult {
  // Both a markpact header and an include directive contain this word; most prose chunks do not.
  if (!text.includes('markpact:')) return nothing;
  const hit = chunkCache.get(text);
  if (hit) {
    // Refresh its place in the LRU order.
    chunkCache.delete(text);
    chunkCache.set(text, hit);
    return hit;
  }
  const result = extract(text, processor.parse(text));
  chunkCache.set(text, result);
  chunkCacheCharacters += text.length;
  while (chunkCache.size > chunkCacheLimit.entries || (chunkCacheCharacters > chunkCacheLimit.characters && chunkCache.size > 1)) {
    const oldest = chunkCache.keys().next().value as string;
    chunkCache.delete(oldest);
    chunkCacheCharacters -= oldest.length;
  }
  return result;
}

/** The code and HTML nodes of a tree, in document order; a loop, not a recursion (10,000 nested quotes are one line of text). */
function extract(text: string, root: Root): ChunkResult {
  const result: ChunkResult = { blocks: [], includes: [] };
  const pending: Nodes[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'code') {
      const block = codeBlock(text, node);
      if (block) result.blocks.push(block);
    } else if (node.type === 'html') {
      append(result.includes, includeDirectives(text, node));
    }
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i] as Nodes);
  }
  return result;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  const end = newline < 0 ? text.length : newline;
  return end > from && text[end - 1] === '\r' ? end - 1 : end;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function codeBlock(text: string, node: Code): MarkpactBlock | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const openEnd = lineEnd(text, start);
  const open = /^([ \t]*)(`{3,}|~{3,})(.*)$/.exec(text.slice(start, openEnd));
  if (!open) return undefined; // an indented code block: no info string
  const fenceStart = start + open[1].length;
  const infoRaw = open[3];
  const infoStart = fenceStart + open[2].length + (infoRaw.length - infoRaw.trimStart().length);
  const info = infoRaw.trim();
  const header = parseInfoString(info, infoStart);
  if (!header) return undefined;

  const lastLineStart = lineStart(text, end);
  const lastLine = text.slice(lastLineStart, lineEnd(text, lastLineStart));
  const close = closingFence(lastLine);
  const closed = lastLineStart > start && closesFence(lastLine, open[2]);
  // Both reference tools read READMEs with Python's universal newlines: a CRLF body is its LF form.
  const body = node.value.replace(/\r\n/g, '\n');
  const lines = bodyLines(text, openEnd, closed ? lastLineStart : end, body, closed);
  const block: MarkpactBlock = {
    ...header,
    fence: {
      char: open[2][0] as '`' | '~',
      size: open[2].length,
      indent: fenceStart - lineStart(text, fenceStart),
      openSpan: { start: fenceStart, end: infoStart + info.length },
    },
    span: { start: fenceStart, end },
    infoSpan: { start: infoStart, end: infoStart + info.length },
    body,
    lines,
  };
  if (closed && close) block.fence.closeSpan = { start: lastLineStart + close.index, end: lastLineStart + close.index + close[1].length };
  return block;
}

/** Places of the body's lines: each value line is the end of its source line (container prefixes removed). */
function bodyLines(text: string, openEnd: number, bodyEnd: number, value: string, closed: boolean): Token[] {
  const first = text.indexOf('\n', openEnd) + 1;
  if (first === 0 || first >= bodyEnd) return [];
  const values = value.split('\n');
  const tokens: Token[] = [];
  let pos = first;
  for (let i = 0; i < values.length && pos <= bodyEnd; i++) {
    const end = Math.min(lineEnd(text, pos), bodyEnd);
    const source = text.slice(pos, end);
    const v = values[i];
    const start = source.endsWith(v) ? end - v.length : pos;
    tokens.push({ text: v, span: { start, end } });
    const newline = text.indexOf('\n', pos);
    if (newline < 0) break;
    pos = newline + 1;
    if (closed && pos >= bodyEnd) break;
  }
  return tokens;
}

const includeOpen = /^<!--\s*markpact:include\b/;

/** `<!-- markpact:include path=… -->` comments in an HTML node, found with indexOf (a lazy `[^]*?-->` pattern retries from every opening). */
function includeComments(source: string): { index: number; text: string; inner: string; innerAt: number }[] {
  const found = [];
  for (let open = source.indexOf('<!--'); open >= 0; ) {
    const close = source.indexOf('-->', open + 4);
    if (close < 0) break;
    const opening = includeOpen.exec(source.slice(open, close));
    if (opening) found.push({ index: open, text: source.slice(open, close + 3), inner: source.slice(open + opening[0].length, close), innerAt: opening[0].length });
    open = source.indexOf('<!--', close + 3);
  }
  return found;
}

function includeDirectives(text: string, node: Html): IncludeDirective[] {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return [];
  const source = text.slice(start, end);
  const found: IncludeDirective[] = [];
  for (const match of includeComments(source)) {
    const path = /(?:^|\s)path=(\S+)/.exec(match.inner);
    if (!path) continue;
    const value = path[1].slice(0, path[1].length - trailing(path[1], (c) => c === '-').length);
    const pathStart = start + match.index + match.innerAt + path.index + path[0].indexOf('path=') + 5;
    const span = { start: start + match.index, end: start + match.index + match.text.length };
    const directive: IncludeDirective = { path: value, span, pathSpan: { start: pathStart, end: pathStart + value.length } };
    if (insideCodeSpan(text, span.start, span.end)) directive.inCodeSpan = true;
    found.push(directive);
  }
  return found;
}

function shiftBlock(block: MarkpactBlock, d: number): MarkpactBlock {
  if (d === 0) return block;
  const fence = { ...block.fence, openSpan: shiftSpan(block.fence.openSpan, d) };
  if (block.fence.closeSpan) fence.closeSpan = shiftSpan(block.fence.closeSpan, d);
  const shifted: MarkpactBlock = {
    ...block,
    kindSpan: shiftSpan(block.kindSpan, d),
    markerSpan: shiftSpan(block.markerSpan, d),
    words: block.words.map((w) => ({ text: w.text, span: shiftSpan(w.span, d) })),
    attributes: block.attributes.map((a) => ({ ...a, span: shiftSpan(a.span, d), keySpan: shiftSpan(a.keySpan, d), valueSpan: shiftSpan(a.valueSpan, d) })),
    fence,
    span: shiftSpan(block.span, d),
    infoSpan: shiftSpan(block.infoSpan, d),
    lines: block.lines.map((l) => ({ text: l.text, span: shiftSpan(l.span, d) })),
  };
  if (block.langSpan) shifted.langSpan = shiftSpan(block.langSpan, d);
  return shifted;
}
