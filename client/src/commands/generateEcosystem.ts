import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { defaultEcosystemFile } from '../../../core/scaffold/newEcosystem';
import { writeScaffold } from '../../../core/scaffold/writer';
import type { ExtensionContextServices } from '../context';
import { engine } from '../engine';
import { explain } from './explain';
import { reportWriteError } from './scaffoldFiles';

/** What "Generate ecosystem from READMEs" wrote (the tests read it). */
export interface GenerateResult {
  path: string;
  services: string[];
  skipped: { path: string; reason: string }[];
}

/**
 * "Generate ecosystem from READMEs": `pactown generate` for a folder (the one right-clicked, else
 * a workspace folder), writing `saas.pactown.yaml` there. An existing file is replaced only
 * after a confirmation; every README left out is named with the reason. Reads and writes only.
 */
export async function generateEcosystem(services: ExtensionContextServices, arg: unknown): Promise<GenerateResult | undefined> {
  const folder = await folderOf(arg);
  if (!folder) return undefined;
  const output = join(folder, defaultEcosystemFile);
  const shown = vscode.workspace.asRelativePath(output);
  const exists = existsSync(output);
  if (exists) {
    const replace = 'Replace';
    const answer = await vscode.window.showWarningMessage(`${shown} exists. Replace it with an ecosystem generated from the READMEs under ${vscode.workspace.asRelativePath(folder)}?`, { modal: true }, replace);
    if (answer !== replace) return undefined;
  }
  const generated = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading READMEs' }, () =>
    engine().generateEcosystem({ folder, output, basePort: 8000 }));
  const leftOut = generated.skipped.map((s) => `${s.path}: ${s.reason}`).join('\n');
  for (const s of generated.skipped) services.output.info(`generate: left out ${s.path}: ${s.reason}`);
  if (generated.services.length === 0) {
    void vscode.window.showWarningMessage(`No README with a run command under ${vscode.workspace.asRelativePath(folder)}: nothing was written.`, { detail: leftOut });
    return undefined;
  }
  try {
    writeScaffold(folder, [{ path: defaultEcosystemFile, content: generated.yaml }], { force: exists });
  } catch (error) {
    return reportWriteError(`Writing ${shown}`, error);
  }
  services.catalog.refresh();
  await vscode.window.showTextDocument(vscode.Uri.file(output));
  const names = generated.services.map((s) => s.name);
  const skipped = generated.skipped.length > 0 ? `; ${generated.skipped.length} left out` : '';
  const why = 'Show why';
  void vscode.window
    .showInformationMessage(`Generated ${shown}: ${names.join(', ')}${skipped}.`, { detail: leftOut }, ...(leftOut ? [why] : []))
    .then((answer) => answer === why && services.output.show());
  return { path: output, services: names, skipped: generated.skipped };
}

async function folderOf(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file' && isFolder(arg.fsPath)) return arg.fsPath;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return explain('Open a folder first: the ecosystem is generated from the READMEs under it.');
  if (folders.length === 1) return folders[0].uri.fsPath;
  const picked = await vscode.window.showQuickPick(folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f.uri.fsPath })), { placeHolder: 'Generate an ecosystem from the READMEs under which folder?' });
  return picked?.folder;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
