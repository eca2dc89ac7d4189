import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { FileReader } from '../../../core/workspace';

/** Files as the editor sees them: an open document's unsaved text wins over the disk. */
export const editorReader: FileReader = {
  async readText(absPath) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absPath);
    if (open) return open.getText();
    return readFile(absPath, 'utf8').catch(() => undefined);
  },
};
