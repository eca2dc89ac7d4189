import * as vscode from 'vscode';
import type { CatalogEcosystem } from '../model/catalog';
import type { ExtensionContextServices } from '../context';

/** What a command acts on: an ecosystem, or one of its services. */
export interface Target {
  ecosystem: CatalogEcosystem;
  service?: string;
}

/** A row of the Services view or a CodeLens argument. */
interface NodeLike {
  ecosystemPath: string;
  serviceName?: string;
  kind?: string;
}

const isNodeLike = (arg: unknown): arg is NodeLike => typeof arg === 'object' && arg !== null && typeof (arg as NodeLike).ecosystemPath === 'string';

/**
 * The target of a command, from what invoked it: a view row or lens (`{ecosystemPath, serviceName}`),
 * a file (explorer, editor title), or else the active editor's file, or else a pick from the workspace.
 */
export async function resolveTarget(services: ExtensionContextServices, arg: unknown, want: 'ecosystem' | 'service'): Promise<Target | undefined> {
  const { catalog } = services;
  if (isNodeLike(arg)) {
    const ecosystem = (await catalog.all()).find((e) => e.path === arg.ecosystemPath) ?? (await catalog.ecosystemOf(arg.ecosystemPath));
    if (!ecosystem) return undefined;
    return { ecosystem, ...(arg.serviceName && (want === 'service' || ecosystem.readme) ? { service: arg.serviceName } : {}) };
  }
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme === 'file' && /\.(pactown\.ya?ml|md|markdown)$/i.test(uri.fsPath) && want === 'ecosystem') {
    const ecosystem = await catalog.ecosystemOf(uri.fsPath);
    if (ecosystem) return { ecosystem };
  }
  return pick(services, want);
}

async function pick(services: ExtensionContextServices, want: 'ecosystem' | 'service'): Promise<Target | undefined> {
  const all = await services.catalog.all();
  const items = want === 'ecosystem'
    ? all.map((ecosystem) => ({ label: ecosystem.name, description: vscode.workspace.asRelativePath(ecosystem.readme ?? ecosystem.path), target: { ecosystem } as Target }))
    : all.flatMap((ecosystem) => ecosystem.services.map((s) => ({ label: s.name, description: ecosystem.readme ? 'README' : ecosystem.name, target: { ecosystem, service: s.name } as Target })));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No pactown ecosystem (*.pactown.yaml) or markpact README in this workspace.');
    return undefined;
  }
  if (items.length === 1) return items[0].target;
  return (await vscode.window.showQuickPick(items, { placeHolder: want === 'ecosystem' ? 'Which ecosystem?' : 'Which service?' }))?.target;
}
