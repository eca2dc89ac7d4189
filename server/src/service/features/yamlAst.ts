import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { Span } from '../../../../core/text/span';

/** Where an offset falls in a YAML document: the key path to it, and whether it is on a key or a value. */
export interface YamlLocation {
  /** Map keys and sequence indexes from the root, ending with the key or item under the cursor. */
  path: (string | number)[];
  /** The scalar under the cursor (a key or a value). */
  span: Span;
  text: string;
  isKey: boolean;
}

function nodeSpan(node: { range?: [number, number, number] | null } | null | undefined): Span | undefined {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

const within = (span: Span | undefined, offset: number): span is Span => !!span && offset >= span.start && offset <= span.end;

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) && pair.key.value !== null && pair.key.value !== undefined ? String(pair.key.value) : undefined;
}

/** The scalar key or value at an offset, with its path; undefined between nodes. */
export function yamlLocationAt(document: Document | undefined, offset: number): YamlLocation | undefined {
  let node: unknown = document?.contents;
  const path: (string | number)[] = [];
  for (let depth = 0; depth < 64 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(nodeSpan(p.key as Node), offset) || within(nodeSpan(p.value as Node), offset));
      if (!pair) return undefined;
      const key = keyText(pair);
      if (key === undefined) return undefined;
      const keySpan = nodeSpan(pair.key as Node);
      if (within(keySpan, offset)) return { path: [...path, key], span: keySpan, text: key, isKey: true };
      path.push(key);
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(nodeSpan(item as Node), offset));
      if (index < 0) return undefined;
      path.push(index);
      node = node.items[index];
    } else if (isScalar(node)) {
      const span = nodeSpan(node);
      if (!span || node.value === null || node.value === undefined) return undefined;
      return { path, span, text: String(node.value), isKey: false };
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** The key scalar's span of the pair at this path (e.g. `['services', 'api', 'port']`). */
export function yamlKeySpan(document: Document | undefined, path: string[]): Span | undefined {
  let node: unknown = document?.contents;
  let span: Span | undefined;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isPair(p) && keyText(p) === key);
    if (!pair) return undefined;
    span = nodeSpan(pair.key as Node);
    node = pair.value;
  }
  return span;
}
