import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Problem } from '../diagnostics/problem';
import type { Span } from '../text/span';

/** One key of a mapping as pactown (PyYAML) sees it: merge keys applied, the last duplicate winning. */
export interface Entry {
  /** The key's text; undefined for a key that is not a scalar or is null. */
  key: string | undefined;
  keySpan: Span;
  /** The value with aliases followed; null for a missing or `null` value. */
  value: Node | null;
  /** Where the value is written (the alias itself, when it is one); the key's end when there is none. */
  valueSpan: Span;
  /** Key and value. */
  span: Span;
}

export interface Item {
  value: Node | null;
  span: Span;
}

export type Report = (problem: Omit<Problem, 'source'>) => void;

/** Merges nest this deep at most (each mapping is merged once per read anyway; this bounds the recursion). */
const MAX_MERGE_DEPTH = 50;

/** A node's span (the value, without trailing comments); `fallback` for nodes with no range. */
function nodeSpan(node: unknown, fallback: Span = { start: 0, end: 0 }): Span {
  const range = (node as Node | null | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : fallback;
}

/** True for a missing value, an empty value and `null`/`~`. */
export function isNull(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** A scalar's text: strings as parsed, other scalars as written in the source (`1.50` stays `1.50`). */
export function scalarText(node: Node | null): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.source ?? String(node.value);
}

/** How a value is described in messages: "a mapping", "the number 8000", "the string '80a'". */
export function describe(node: Node | null): string {
  if (isNull(node)) return 'null';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'string') return `the string '${shorten(value)}'`;
  if (typeof value === 'number') return `the number ${scalarText(node)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  return `'${shorten(scalarText(node) ?? '?')}'`;
}

/** Text quoted in a message: control characters escaped, at most 40 characters. */
function shorten(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return escaped.length > 40 ? `${escaped.slice(0, 39)}…` : escaped;
}

const isMergeKey = (key: unknown) => isScalar(key) && typeof key.value === 'symbol';

/**
 * Reads a parsed document the way PyYAML's loader would, with bounded work: aliases are followed
 * by a table built in one pass (never by expanding the document), and the number of entries read
 * is capped in proportion to the text, so an alias bomb costs no more than a long file.
 */
export class YamlReader {
  private readonly targets = new Map<Alias, Node | undefined>();
  private budget: number;
  private exhausted = false;

  constructor(document: Document.Parsed, private readonly text: string, private readonly report: Report) {
    this.budget = 10_000 + 2 * text.length;
    this.indexAnchors(document.contents);
  }

  /** The node an alias points at (the node itself otherwise); null for an undefined alias. */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return this.targets.get(node) ?? null;
    return (node as Node | null | undefined) ?? null;
  }

  /** The entries of a mapping, in pactown's order: merged keys first, each key at its first position with its last value. */
  entries(map: YAMLMap): Entry[] {
    const ordered: Entry[] = [];
    const slots = new Map<string, number>();
    for (const entry of this.collect(map, 0, new Set())) {
      const slot = entry.key === undefined ? undefined : slots.get(entry.key);
      // A repeated key keeps its first position and takes the last value, as in a Python dict.
      if (slot !== undefined) ordered[slot] = entry;
      else {
        if (entry.key !== undefined) slots.set(entry.key, ordered.length);
        ordered.push(entry);
      }
    }
    return ordered;
  }

  /** The items of a list, aliases followed. */
  items(seq: YAMLSeq): Item[] {
    if (!this.spend(seq.items.length, seq)) return [];
    return seq.items.map((raw) => ({ value: this.resolve(raw), span: this.span(raw) }));
  }

  /** A node's span; a block collection's range ends after its last line break, which is trimmed here. */
  span(node: unknown, fallback?: Span): Span {
    const span = nodeSpan(node, fallback);
    if (!isMap(node) && !isSeq(node)) return span;
    let end = span.end;
    while (end > span.start && /\s/.test(this.text[end - 1] ?? '')) end--;
    return { start: span.start, end };
  }

  private collect(map: YAMLMap, depth: number, seen: Set<YAMLMap>): Entry[] {
    if (!this.spend(map.items.length, map)) return [];
    seen.add(map);
    const merged: Entry[] = [];
    const explicit: Entry[] = [];
    const firstAt = new Map<string, Entry>();
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      if (isMergeKey(pair.key)) {
        for (const entry of this.merge(pair, depth, seen)) merged.push(entry); // no spread: a merged mapping can be huge
        continue;
      }
      const entry = this.entry(pair);
      explicit.push(entry);
      const first = entry.key === undefined ? undefined : firstAt.get(entry.key);
      if (first) this.duplicate(entry, first);
      else if (entry.key !== undefined) firstAt.set(entry.key, entry);
    }
    return [...merged, ...explicit];
  }

  /** `<<: *a` or `<<: [*a, *b]`: PyYAML puts merged keys first, and `*a` wins over `*b`. */
  private merge(pair: Pair, depth: number, seen: Set<YAMLMap>): Entry[] {
    const value = this.resolve(pair.value);
    const sources = isSeq(value) ? value.items.map((item) => ({ node: this.resolve(item), raw: item })) : [{ node: value, raw: pair.value }];
    const out: Entry[] = [];
    for (const { node, raw } of sources.reverse()) {
      if (!isMap(node)) {
        this.report({ code: 'invalid-value', severity: 'error', span: nodeSpan(raw, nodeSpan(pair.key)), message: `a merge key (<<) takes a mapping or a list of mappings, not ${describe(node)}: pactown's loader fails on it. Point it at an anchored mapping (<<: *defaults)` });
      } else if (depth < MAX_MERGE_DEPTH && !seen.has(node)) {
        for (const entry of this.collect(node, depth + 1, seen)) out.push(entry);
      }
    }
    return out;
  }

  private entry(pair: Pair): Entry {
    const keySpan = nodeSpan(pair.key);
    const key = isScalar(pair.key) && pair.key.value !== null ? scalarText(pair.key as Node) : undefined;
    const raw = pair.value as Node | null;
    const valueSpan = raw?.range ? this.span(raw) : { start: keySpan.end, end: keySpan.end };
    const end = Math.max(keySpan.end, valueSpan.end);
    return { key, keySpan, value: this.resolve(raw), valueSpan, span: { start: keySpan.start, end } };
  }

  private duplicate(entry: Entry, first: Entry): void {
    this.report({
      code: 'yaml-syntax', severity: 'warning', span: entry.keySpan,
      message: `duplicate key '${entry.key}': pactown's loader (PyYAML) silently keeps only the last one. Remove one of them`,
      related: [{ span: first.keySpan, message: `the first '${entry.key}'` }],
    });
  }

  private spend(count: number, node: Node): boolean {
    if (this.exhausted) return false;
    this.budget -= count;
    if (this.budget >= 0) return true;
    this.exhausted = true;
    this.report({ code: 'yaml-syntax', severity: 'error', span: this.span(node), message: 'aliases expand this document far beyond its size (an alias bomb?): PyYAML would expand every one of them. The rest of the file is not read; use fewer nested aliases' });
    return false;
  }

  /** One pass in document order: each alias points at the last node anchored with its name before it. */
  private indexAnchors(root: unknown): void {
    const anchors = new Map<string, Node>();
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        this.targets.set(node, target);
        if (!target) this.report({ code: 'yaml-syntax', severity: 'error', span: nodeSpan(node), message: `alias *${node.source} has no anchor &${node.source} before it: pactown's loader fails. Define the anchor first, or fix the name` });
        continue;
      }
      if (isPair(node)) {
        stack.push(node.value, node.key);
        continue;
      }
      if (!isMap(node) && !isSeq(node) && !isScalar(node)) continue;
      if (node.anchor) anchors.set(node.anchor, node);
      if (isMap(node) || isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
}
