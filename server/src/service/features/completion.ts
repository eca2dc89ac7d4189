import type { CompletionList, Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentKind } from '../documentKind';
import type { LanguageService } from '../languageService';
import { markdownCompletion } from './markdownCompletion';
import { yamlCompletion } from './yamlCompletion';

/** Completions for a README or an ecosystem file; null where we have nothing to offer (plain prose, comments). */
export function completion(service: LanguageService, doc: TextDocument, position: Position): Promise<CompletionList | null> {
  switch (documentKind(doc.uri, doc.languageId)) {
    case 'markdown':
      return markdownCompletion(service, doc, position);
    case 'ecosystem':
      return yamlCompletion(service, doc, position);
    default:
      return Promise.resolve(null);
  }
}
