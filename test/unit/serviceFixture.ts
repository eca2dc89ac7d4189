import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/src/service/languageService';
import { defaultSettings, type ServerSettings } from '../../server/src/service/settings';

/** The cursor in fixtures: a character no fixture uses otherwise. */
export const CURSOR = '¦';

/** A LanguageService over a fake host: the given documents are "open", everything else is read from the workspace folder. */
export function serviceOn(ws: { uri: (name: string) => string }, cacheDirectory: string, settings: Partial<ServerSettings> = {}) {
  const docs = new Map<string, TextDocument>();
  let version = 1;
  const service = new LanguageService({
    openDocument: (uri) => docs.get(uri),
    openDocuments: () => [...docs.values()],
    settings: () => ({ ...defaultSettings, diagnosticsDelay: 0, cacheDirectory, ...settings }),
    log: () => undefined,
  });
  /** Opens `text` (with at most one CURSOR) at a workspace-relative name; returns the document and the cursor position. */
  const open = (name: string, textWithCursor: string) => {
    const offset = textWithCursor.indexOf(CURSOR);
    const text = textWithCursor.replace(CURSOR, '');
    const uri = ws.uri(name);
    const languageId = name.endsWith('.md') ? 'markdown' : name.endsWith('.yaml') ? 'pactown' : 'plaintext';
    const doc = TextDocument.create(uri, languageId, version++, text);
    docs.set(uri, doc);
    service.documentChanged(doc);
    return { doc, position: doc.positionAt(Math.max(0, offset)) };
  };
  return { service, open };
}
