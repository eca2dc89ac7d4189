import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EcosystemConfig } from '../../../../core/pactown/model';
import { readmePathOf } from '../ecosystemIndex';
import { pathToUri, uriToPath } from '../paths';
import { fixAction } from './fixAction';

type Data = Record<string, unknown>;
interface Position {
  line: number;
  character: number;
}

const isPosition = (value: unknown): value is Position =>
  !!value && typeof value === 'object' && Number.isInteger((value as Position).line) && Number.isInteger((value as Position).character);

/** The import a replacement needs, inserted at the start of its file block (data.prepend: { position | at, text }). */
function prependEdit(doc: TextDocument | undefined, prepend: unknown): TextEdit[] {
  if (!prepend || typeof prepend !== 'object') return [];
  const { text, position, at } = prepend as { text?: unknown; position?: unknown; at?: unknown };
  if (typeof text !== 'string') return [];
  const where = isPosition(position) ? position : doc && typeof at === 'number' ? doc.positionAt(at) : undefined;
  return where ? [{ range: { start: where, end: where }, newText: text }] : [];
}

/** `hard-coded-port` in a README: the literal becomes `${MARKPACT_PORT:-N}` (run line) or reads PORT (file block). */
export function readmePortFix(doc: TextDocument, diagnostic: Diagnostic, data: Data): CodeAction | undefined {
  if (typeof data.replacement !== 'string') return undefined;
  const edits = [...prependEdit(doc, data.prepend), { range: diagnostic.range, newText: data.replacement }];
  return fixAction(`Read the port from the environment: ${data.replacement}`, doc, diagnostic, edits);
}

/** `hard-coded-port` at an ecosystem's `readme:` line: the same edit, in the README (data.path, data.range). */
export function ecosystemPortFix(doc: TextDocument, config: EcosystemConfig, diagnostic: Diagnostic, data: Data): CodeAction | undefined {
  const range = data.range as { start?: unknown; end?: unknown } | undefined;
  if (typeof data.path !== 'string' || typeof data.replacement !== 'string' || !range || !isPosition(range.start) || !isPosition(range.end)) return undefined;
  // The data comes back from the client: edit only a README a service of this file runs.
  const ecosystemPath = uriToPath(doc.uri);
  if (!ecosystemPath || !config.services.some((s) => readmePathOf(ecosystemPath, s) === data.path)) return undefined;
  const edits = [...prependEdit(undefined, data.prepend), { range: { start: range.start, end: range.end }, newText: data.replacement }];
  return {
    title: `Read the port from the environment in the README: ${data.replacement}`,
    kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true,
    edit: { changes: { [pathToUri(data.path)]: edits } },
  };
}

/** `uvicorn-reload`: removes the flag and the space before it. */
export function reloadFix(doc: TextDocument, diagnostic: Diagnostic, data: Data): CodeAction | undefined {
  if (typeof data.deleteFrom !== 'number') return undefined;
  return fixAction('Remove --reload', doc, diagnostic, [{ range: { start: doc.positionAt(data.deleteFrom), end: diagnostic.range.end }, newText: '' }]);
}
