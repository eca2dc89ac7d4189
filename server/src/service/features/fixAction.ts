import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../../../../core/text/span';
import { rangeOf } from './documentText';

/**
 * A quick fix editing this document. `preferred` marks the obvious one ("Fix all" and auto-fix
 * apply it), so it is false where several fixes compete.
 */
export function fixAction(title: string, doc: TextDocument, diagnostic: Diagnostic, edits: TextEdit[], preferred = true): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred, edit: { changes: { [doc.uri]: edits } } };
}

/** A TextEdit replacing a span of this document. */
export function spanEdit(doc: TextDocument, span: Span, newText: string): TextEdit {
  return { range: rangeOf(doc, span), newText };
}
