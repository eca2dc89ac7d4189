import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { ExportFormat } from '../../../core/export/exportFiles';
import type { ExtensionContextServices } from '../context';
import { engine } from '../engine';
import { exportBaseImages } from '../settings';
import { explain } from './explain';
import { resolveTarget } from './targets';

/** What "Export ecosystem…" wrote (the tests read it). */
export interface ExportResult {
  folder: string;
  format: ExportFormat;
  written: string[];
  unchanged: string[];
  kept: string[];
  removed: string[];
  notes: string[];
}

const formats: { label: string; description: string; format: ExportFormat }[] = [
  { label: 'Docker Compose', description: 'compose.yaml and a build context per service', format: 'compose' },
  { label: 'Kubernetes', description: 'k8s/ manifests with a kustomization.yaml, and a build context per service', format: 'k8s' },
];

/**
 * "Export ecosystem…": `pactown export` for an ecosystem file (the one given, open, or picked),
 * in a format and a folder the user picks (the default beside the file, or another). It reads
 * the READMEs and writes files; nothing is run, so Restricted Mode allows it, as it does
 * "Generate ecosystem". Files the user edited are kept and named.
 */
export async function exportEcosystem(services: ExtensionContextServices, arg: unknown): Promise<ExportResult | undefined> {
  const target = await resolveTarget(services, arg, 'ecosystem');
  if (!target) return undefined;
  if (target.ecosystem.readme) return explain('Export works on an ecosystem file (*.pactown.yaml): "Generate ecosystem from READMEs" makes one.');
  const path = target.ecosystem.path;
  const picked = await vscode.window.showQuickPick(formats, { placeHolder: `Export ${target.ecosystem.name} to…` });
  if (!picked) return undefined;
  const { exportEcosystem: write, defaultExportFolder, ExportError, InvalidEcosystemError, ConfinementError } = engine();
  const folder = await pickFolder(defaultExportFolder(path, target.ecosystem.name, picked.format));
  if (!folder) return undefined;
  let outcome;
  try {
    outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Exporting ${target.ecosystem.name}` }, () =>
      write(path, { format: picked.format, output: folder, baseImages: exportBaseImages() }));
  } catch (error) {
    if (!(error instanceof ExportError || error instanceof InvalidEcosystemError || error instanceof ConfinementError)) throw error;
    void vscode.window.showErrorMessage(`Export of ${target.ecosystem.name} failed.`, { modal: false, detail: error.message });
    services.output.error(`export: ${error.message}`);
    return undefined;
  }
  for (const note of outcome.notes) services.output.info(`export: ${note}`);
  for (const kept of outcome.kept) services.output.info(`export: kept ${kept}: you edited it`);
  for (const removed of outcome.removed) services.output.info(`export: removed ${removed}: no longer exported`);
  const shown = vscode.workspace.asRelativePath(outcome.folder);
  const kept = outcome.kept.length > 0 ? `; kept ${outcome.kept.length} file${outcome.kept.length === 1 ? '' : 's'} you edited (${outcome.kept.join(', ')})` : '';
  const main = picked.format === 'compose' ? 'compose.yaml' : join('k8s', 'kustomization.yaml');
  const open = `Open ${basename(main)}`;
  void vscode.window
    .showInformationMessage(`Exported ${outcome.plan.services.length} services of ${target.ecosystem.name} to ${shown}${kept}.`, { detail: outcome.notes.join('\n') }, open)
    .then((answer) => {
      if (answer === open) void vscode.window.showTextDocument(vscode.Uri.file(join(outcome.folder, main)));
    });
  return { folder: outcome.folder, format: picked.format, written: outcome.written, unchanged: outcome.unchanged, kept: outcome.kept, removed: outcome.removed, notes: outcome.notes };
}

/** The default folder, or one the user chooses. */
async function pickFolder(defaultFolder: string): Promise<string | undefined> {
  const choose = 'Choose a folder…';
  const picked = await vscode.window.showQuickPick([{ label: vscode.workspace.asRelativePath(defaultFolder), description: 'beside the ecosystem file' }, { label: choose }], { placeHolder: 'Export into which folder?' });
  if (!picked) return undefined;
  if (picked.label !== choose) return defaultFolder;
  const [uri] = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export here' })) ?? [];
  return uri?.fsPath;
}
