import type { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ValidateFilesParams, ValidatedFile } from '../../../core/protocol/validateFiles';
import { documentKind } from '../service/documentKind';
import type { LanguageService } from '../service/languageService';
import { uriToPath } from '../service/paths';

/** Diagnostics of each named file: its open document if there is one, else its text on disk (files too big to be a README are skipped). */
export async function validateFiles(params: ValidateFilesParams, documents: TextDocuments<TextDocument>, service: LanguageService): Promise<ValidatedFile[]> {
  const results: ValidatedFile[] = [];
  for (const uri of params.uris) {
    const kind = documentKind(uri);
    if (kind === 'other') continue;
    let doc = documents.get(uri);
    if (!doc) {
      // The server's own reader: the same size limit as every other file it reads.
      const path = uriToPath(uri);
      const text = path ? await service.files.readText(path) : undefined;
      if (text === undefined) continue;
      doc = TextDocument.create(uri, kind === 'ecosystem' ? 'pactown' : 'markdown', 0, text);
    }
    results.push({ uri, diagnostics: await service.diagnostics(doc) });
  }
  return results;
}
