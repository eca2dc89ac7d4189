import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { nextFreePort } from '../../../core/pactown/nextPort';
import { serviceNameProblem } from '../../../core/pactown/serviceName';
import { defaultEcosystemFile, newEcosystemFiles } from '../../../core/scaffold/newEcosystem';
import { serviceTemplates, type ServiceTemplate } from '../../../core/scaffold/templates';
import { writeScaffold } from '../../../core/scaffold/writer';
import type { ExtensionContextServices } from '../context';
import { engine } from '../engine';
import { explain } from './explain';
import { reportWriteError } from './scaffoldFiles';
import { findEcosystem, isNodeLike } from './targets';

/** What "New service…" made (the tests read it). */
export interface NewServiceResult {
  ecosystemPath: string;
  service: string;
  readmePath: string;
  port: number;
}

/** An existing ecosystem file, or a new one to create in a workspace folder. */
type Destination = { kind: 'existing'; path: string } | { kind: 'new'; folder: string };

/**
 * "New service…": a template, the ecosystem to add it to (or a new one), and a name; writes the
 * README beside the ecosystem file (`<name>/README.md`) and adds its entry with the next free
 * port and `/health`. Writing files runs nothing, so it works in Restricted Mode too.
 */
export async function newService(services: ExtensionContextServices, arg: unknown): Promise<NewServiceResult | undefined> {
  const template = await pickTemplate();
  if (!template) return undefined;
  const destination = await destinationOf(services, arg);
  if (!destination) return undefined;
  const folder = destination.kind === 'new' ? destination.folder : dirname(destination.path);
  const taken = destination.kind === 'existing' ? (await findEcosystem(services, destination.path))?.services.map((s) => s.name) ?? [] : [];
  const name = await vscode.window.showInputBox({
    title: `New ${template.label} service`,
    prompt: `Its README goes to ${vscode.workspace.asRelativePath(folder)}/<name>/README.md`,
    value: suggestName(taken, folder),
    validateInput: (value) => serviceNameProblem(value) ?? (taken.includes(value) ? `the ecosystem already has a service '${value}'` : undefined) ?? (existsSync(join(folder, value)) ? `${value}/ already exists in that folder` : undefined),
  });
  if (name === undefined) return undefined;
  try {
    const result = destination.kind === 'new' ? createEcosystem(destination.folder, name, template) : await addToEcosystem(destination.path, name, template);
    if (!result) return undefined;
    services.catalog.refresh();
    await vscode.window.showTextDocument(vscode.Uri.file(result.readmePath));
    const installs = template.packages.length > 0 ? ` Its first run installs ${template.packages.join(', ')}.` : '';
    void vscode.window.showInformationMessage(`Created ${name} (${template.label}) in ${vscode.workspace.asRelativePath(result.ecosystemPath)}, on port ${result.port}.${installs}`);
    return result;
  } catch (error) {
    return reportWriteError(`Creating ${name}`, error);
  }
}

async function pickTemplate(): Promise<ServiceTemplate | undefined> {
  const items = serviceTemplates.map((template) => ({
    label: template.label,
    description: template.packages.length > 0 ? `installs ${template.packages.join(', ')}` : 'runs offline',
    detail: template.detail,
    template,
  }));
  return (await vscode.window.showQuickPick(items, { title: 'New service', placeHolder: 'Which kind of service?' }))?.template;
}

/** The ecosystem the command was invoked on (a row, a YAML file), else a pick among the workspace's and new ones. */
async function destinationOf(services: ExtensionContextServices, arg: unknown): Promise<Destination | undefined> {
  const given = isNodeLike(arg) ? arg.ecosystemPath : arg instanceof vscode.Uri ? arg.fsPath : vscode.window.activeTextEditor?.document.uri.fsPath;
  if (given && /\.pactown\.ya?ml$/i.test(given) && (await findEcosystem(services, given))) return { kind: 'existing', path: given };
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return explain('Open a folder first: a new service is written into it.');
  const ecosystems = await services.catalog.ecosystems();
  const items: (vscode.QuickPickItem & { destination: Destination })[] = [
    ...ecosystems.map((e) => ({ label: e.name, description: vscode.workspace.asRelativePath(e.path), destination: { kind: 'existing', path: e.path } as Destination })),
    ...folders
      .filter((f) => !existsSync(join(f.uri.fsPath, defaultEcosystemFile)))
      .map((f) => ({ label: '$(add) New ecosystem', description: vscode.workspace.asRelativePath(join(f.uri.fsPath, defaultEcosystemFile)), destination: { kind: 'new', folder: f.uri.fsPath } as Destination })),
  ];
  if (items.length === 1) return items[0].destination;
  return (await vscode.window.showQuickPick(items, { title: 'New service', placeHolder: 'Add it to which ecosystem?' }))?.destination;
}

/** `api`, else `api-2`, … : a name neither the ecosystem nor the folder has. */
function suggestName(taken: readonly string[], folder: string): string {
  let name = 'api';
  for (let n = 2; taken.includes(name) || existsSync(join(folder, name)); n++) name = `api-${n}`;
  return name;
}

function createEcosystem(folder: string, name: string, template: ServiceTemplate): NewServiceResult {
  const basePort = 8000;
  const files = newEcosystemFiles({ name: basename(folder), service: name, template, basePort, output: defaultEcosystemFile });
  const [ecosystemPath, readmePath] = writeScaffold(folder, files);
  return { ecosystemPath, service: name, readmePath, port: basePort };
}

/** The README first (refused if anything is in its place), then the entry, as an edit of the file (unsaved changes kept, undoable), saved. */
async function addToEcosystem(path: string, name: string, template: ServiceTemplate): Promise<NewServiceResult | undefined> {
  const document = await vscode.workspace.openTextDocument(path);
  const text = document.getText();
  const parsed = engine().parseEcosystem(text);
  const port = nextFreePort(parsed.config);
  const insertion = engine().addServiceEntry(text, parsed, { name, readme: `${name}/README.md`, port, healthCheck: '/health' });
  if ('refused' in insertion) {
    void vscode.window.showErrorMessage(`Cannot add ${name} to ${vscode.workspace.asRelativePath(path)}: ${insertion.refused}.`);
    return undefined;
  }
  const [readmePath] = writeScaffold(dirname(path), [{ path: `${name}/README.md`, content: template.readme(name) }]);
  const edit = new vscode.WorkspaceEdit();
  const { start, end, newText } = insertion.edit;
  edit.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(end)), newText);
  if (!(await vscode.workspace.applyEdit(edit)) || !(await document.save())) throw new Error(`${vscode.workspace.asRelativePath(path)} could not be changed (its README was written: ${vscode.workspace.asRelativePath(readmePath)})`);
  return { ecosystemPath: path, service: name, readmePath, port };
}
