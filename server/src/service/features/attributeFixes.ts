import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_HASHED_CHARACTERS } from '../../../../core/diagnostics/blockHashes';
import { markpactContentHash, syncedBody } from '../../../../core/markpact/contentHash';
import { attribute, type MarkpactBlock } from '../../../../core/markpact/model';
import type { LanguageService } from '../languageService';
import { pathToUri } from '../paths';
import { blockAt } from './documentText';
import { fixAction, spanEdit } from './fixAction';

type Data = Record<string, unknown>;

/**
 * `sha256-mismatch`: "update the block from the file" (its body and sha256= become the file's,
 * as `markpact sync --hash` does) and "update the file from the block" (the file gets the body
 * and a final newline, sha256= the block's hash). The file is read again, through the same reader
 * the check used, and only the path the check confined (data.file).
 */
export async function hashFixes(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic, data: Data): Promise<CodeAction[]> {
  const path = typeof data.file === 'string' ? data.file : undefined;
  const block = blockAt(service.markdown.get(doc), doc.offsetAt(diagnostic.range.start));
  const sha = block && attribute(block, 'sha256');
  if (!path || !block || !sha) return [];
  const fileText = await service.files.readText(path);
  if (fileText === undefined || fileText.length > MAX_HASHED_CHARACTERS) return [];
  const fromFile = syncedBody(fileText);
  const actions: CodeAction[] = [];
  const body = bodyEdit(doc, block, fromFile);
  if (body && fromFile !== block.body) {
    actions.push(fixAction('Update the block from the file', doc, diagnostic, [spanEdit(doc, sha.valueSpan, markpactContentHash(fromFile)), body], false));
  } else if (fromFile === block.body) {
    actions.push(fixAction(`Update sha256= to ${markpactContentHash(fromFile)}`, doc, diagnostic, [spanEdit(doc, sha.valueSpan, markpactContentHash(fromFile))]));
  }
  if (fromFile !== block.body) {
    const file = TextDocument.create(pathToUri(path), 'plaintext', 0, fileText);
    const action = fixAction('Update the file from the block', doc, diagnostic, [spanEdit(doc, sha.valueSpan, markpactContentHash(block.body))], false);
    action.edit!.changes![file.uri] = [{ range: { start: file.positionAt(0), end: file.positionAt(fileText.length) }, newText: `${block.body}\n` }];
    actions.push(action);
  }
  return actions;
}

/** Replaces a block's body; none for a block inside a list or quote (its lines carry a prefix the file does not have). */
function bodyEdit(doc: TextDocument, block: MarkpactBlock, body: string): TextEdit | undefined {
  const text = doc.getText();
  if (block.lines.length === 0) {
    const lineEnd = text.indexOf('\n', block.fence.openSpan.end);
    return block.fence.closeSpan && lineEnd >= 0 ? spanEdit(doc, { start: lineEnd + 1, end: lineEnd + 1 }, `${body}\n`) : undefined;
  }
  const span = { start: block.lines[0].span.start, end: block.lines[block.lines.length - 1].span.end };
  return text.slice(span.start, span.end) === block.body ? spanEdit(doc, span, body) : undefined;
}

/** `dev-scope-installed`: drop the attribute (with the space before it), or comment the block's lines out. */
export function scopeFixes(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic): CodeAction[] {
  const block = blockAt(service.markdown.get(doc), doc.offsetAt(diagnostic.range.start));
  const scope = block && attribute(block, 'scope');
  if (!block || !scope) return [];
  const text = doc.getText();
  let start = scope.span.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  const actions = [fixAction(`Remove scope=${scope.value} (they are installed as runtime dependencies)`, doc, diagnostic, [spanEdit(doc, { start, end: scope.span.end }, '')], false)];
  const lines = block.lines.filter((l) => l.text.trim() !== '' && !l.text.trim().startsWith('#'));
  if (lines.length > 0) {
    actions.push(fixAction('Comment the packages out (not installed)', doc, diagnostic, lines.map((l) => spanEdit(doc, { start: l.span.start, end: l.span.start }, '# ')), false));
  }
  return actions;
}
