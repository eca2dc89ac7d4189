import type { TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { plainReadsAsString } from '../../../../core/pactown/parse';
import type { Span } from '../../../../core/text/span';
import { lineAt, rangeOf } from './documentText';

/**
 * A new `key: value` line under a block-style key (`name:` alone on its line), indented like the
 * key's first field; undefined for a key in flow style (`api: {}`), which has no line to add to.
 */
export function lineUnderKey(doc: TextDocument, keySpan: Span, line: string): TextEdit | undefined {
  const keyLine = lineAt(doc, doc.positionAt(keySpan.start));
  const afterKey = keyLine.text.slice(keySpan.end - keyLine.start);
  if (!/^["']?\s*:\s*(#.*)?$/.test(afterKey)) return undefined;
  const keyColumn = keySpan.start - keyLine.start - (/["']$/.test(keyLine.text.slice(0, keySpan.start - keyLine.start)) ? 1 : 0);
  const keyLineNumber = doc.positionAt(keySpan.start).line;
  const next = doc.lineCount > keyLineNumber + 1 ? lineAt(doc, { line: keyLineNumber + 1, character: 0 }).text : '';
  const nextIndent = next.search(/\S/);
  const indent = nextIndent > keyColumn ? nextIndent : keyColumn + 2;
  const end = doc.positionAt(keyLine.start + keyLine.text.length);
  return { range: { start: end, end }, newText: `\n${' '.repeat(indent)}${line}` };
}

/** The span of a name without the quotes around it (`"api"` → `api`). */
export function unquoted(doc: TextDocument, span: Span): Span {
  const text = doc.getText(rangeOf(doc, span));
  const quote = text[0];
  return (quote === '"' || quote === "'") && text.length >= 2 && text.at(-1) === quote ? { start: span.start + 1, end: span.end - 1 } : span;
}

/**
 * Writes another name where a scalar names a service (`nameSpan` inside `scalarSpan`, e.g. `api`
 * in `api@1.0`). A quoted scalar keeps its quotes; a plain one is quoted when it would no longer
 * read as a string (`123`, `yes`).
 */
export function renameInScalar(doc: TextDocument, nameSpan: Span, scalarSpan: Span, name: string): TextEdit {
  const inner = unquoted(doc, nameSpan);
  const scalar = doc.getText(rangeOf(doc, scalarSpan));
  if (inner !== nameSpan || /^["']/.test(scalar)) return { range: rangeOf(doc, inner), newText: name };
  const renamed = scalar.slice(0, nameSpan.start - scalarSpan.start) + name + scalar.slice(nameSpan.end - scalarSpan.start);
  return plainReadsAsString(renamed) ? { range: rangeOf(doc, nameSpan), newText: name } : { range: rangeOf(doc, scalarSpan), newText: JSON.stringify(renamed) };
}
