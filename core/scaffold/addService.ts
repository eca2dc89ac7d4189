import { isMap, isPair, isScalar } from 'yaml';
import type { ParsedEcosystem } from '../pactown/parse';
import { serviceEntryLines, type ServiceEntry } from './ecosystemYaml';

/** Where a new service goes in an ecosystem file's text: one replacement, or why it cannot be added there. */
export type ServiceInsertion = { edit: { start: number; end: number; newText: string } } | { refused: string };

/** Column of an offset: characters since the line's start. */
const columnAt = (text: string, offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);

/** The offset of the end of the line holding `offset` (before its line break). */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/**
 * Adds a service entry to an ecosystem file, written as the file writes its own: after its last
 * service, at the same indentation (or as a new `services:` block). The rest of the text is left
 * as it is, comments included. Refused when the file does not parse, already has the name, or
 * writes `services` in flow style (`{api: {…}}`), which a block entry cannot join.
 */
export function addServiceEntry(text: string, parsed: ParsedEcosystem, entry: ServiceEntry): ServiceInsertion {
  if (parsed.problems.some((p) => p.code === 'yaml-syntax' && p.severity === 'error')) return { refused: 'the file has YAML syntax errors: fix them first' };
  if (parsed.config.services.some((s) => s.name === entry.name)) return { refused: `it already has a service '${entry.name}'` };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = (indent: number, step: number) => serviceEntryLines(entry, indent, step).join(eol);
  const root = parsed.document.contents;
  if (root !== null && !isMap(root)) return { refused: 'its top level is not a mapping' };
  const services = root?.items.find((pair) => isPair(pair) && isScalar(pair.key) && pair.key.value === 'services');
  /** Replaces a value written on the key's line (`~`, `{}`) by the entries below it, without leaving a trailing blank. */
  const belowKey = (start: number, end: number, indent: number) => {
    let from = start;
    while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
    return { edit: { start: from, end, newText: `${eol}${block(indent, 2)}` } };
  };
  const appendAt = (newText: string) => {
    const start = text.length;
    const before = start === 0 || text.endsWith('\n') ? '' : eol;
    return { edit: { start, end: start, newText: `${before}${newText}${eol}` } };
  };
  if (!services) return appendAt(`services:${eol}${block(2, 2)}`);

  const keyStart = (services.key as { range?: [number, number, number] }).range?.[0] ?? 0;
  const keyColumn = columnAt(text, keyStart);
  const value = services.value;
  if (value === null || (isScalar(value) && value.value === null)) {
    // `services:` with nothing, or `services: ~`: the entries go on the lines below the key.
    const range = isScalar(value) ? value.range : undefined;
    const start = range ? range[0] : lineEnd(text, keyStart);
    return belowKey(start, range ? range[1] : start, keyColumn + 2);
  }
  if (!isMap(value)) return { refused: '`services` is not a mapping of services' };
  if (value.flow) {
    if (value.items.length > 0) return { refused: '`services` is written in flow style ({…}): add the service there by hand' };
    const [start, end] = value.range ?? [lineEnd(text, keyStart), lineEnd(text, keyStart)];
    return belowKey(start, end, keyColumn + 2);
  }
  const first = value.items[0];
  const firstKey = first && isScalar(first.key) ? first.key.range : undefined;
  const indent = firstKey ? columnAt(text, firstKey[0]) : keyColumn + 2;
  const body = first && isMap(first.value) && !first.value.flow ? first.value.items[0]?.key : undefined;
  const bodyStart = isScalar(body) ? body.range?.[0] : undefined;
  const step = bodyStart !== undefined && columnAt(text, bodyStart) > indent ? columnAt(text, bodyStart) - indent : 2;
  // After the last service's last line (a comment at its end included), never inside it.
  let last = value.range?.[1] ?? text.length;
  while (last > 0 && /\s/.test(text[last - 1])) last--;
  const at = lineEnd(text, last);
  return { edit: { start: at, end: at, newText: `${eol}${block(indent, step)}` } };
}
