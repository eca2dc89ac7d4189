import type { Hover, Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentKind } from '../documentKind';
import type { LanguageService } from '../languageService';
import { markdownHover } from './markdownHover';
import { yamlHover } from './yamlHover';

/** Markdown hovers on markpact syntax in READMEs and on keys and values of ecosystem files. */
export function hover(service: LanguageService, doc: TextDocument, position: Position): Promise<Hover | null> {
  switch (documentKind(doc.uri, doc.languageId)) {
    case 'markdown':
      return markdownHover(service, doc, position);
    case 'ecosystem':
      return yamlHover(service, doc, position);
    default:
      return Promise.resolve(null);
  }
}
