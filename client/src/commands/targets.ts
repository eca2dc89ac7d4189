import * as vscode from 'vscode';
import type { CatalogEcosystem } from '../model/catalog';
import type { ExtensionContextServices } from '../context';
import { explain } from './explain';

/** What a command acts on: an ecosystem, or one of its services. */
export interface Target {
  ecosystem: CatalogEcosystem;
  service?: string;
}

/** A row of the Services view or a CodeLens argument. */
export interface NodeLike {
  ecosystemPath: string;
  serviceName?: string;
  /** The service's README: what "Run this README" falls back on when its ecosystem is not listed. */
  readmePath?: string;
}

export const isNodeLike = (arg: unknown): arg is NodeLike => typeof arg === 'object' && arg !== null && typeof (arg as NodeLike).ecosystemPath === 'string';

/** "quotes (bookshop)" for a service of an ecosystem; the name alone for an ecosystem or a README run on its own. */
export const describeTarget = (target: Target) => (target.service && !target.ecosystem.readme ? `${target.service} (${target.ecosystem.name})` : target.ecosystem.name);

/** The listed ecosystem (or README run on its own) at a path, or an ecosystem file that is not listed yet. */
export async function findEcosystem(services: ExtensionContextServices, path: string): Promise<CatalogEcosystem | undefined> {
  const listed = (await services.catalog.all()).find((e) => e.path === path);
  if (listed) return listed;
  return /\.pactown\.ya?ml$/i.test(path) ? services.catalog.ecosystemOf(path) : undefined;
}

/**
 * The target of a command, from what invoked it: a view row or lens (`{ecosystemPath, serviceName}`),
 * a file (explorer, editor title), or else the active editor's file, or else a pick from the
 * workspace. Undefined when there is none (with a message saying why) or the user dismissed a pick.
 */
export async function resolveTarget(services: ExtensionContextServices, arg: unknown, want: 'ecosystem' | 'service'): Promise<Target | undefined> {
  const { catalog } = services;
  if (isNodeLike(arg)) {
    const ecosystem = await findEcosystem(services, arg.ecosystemPath);
    if (!ecosystem) return explain(`${vscode.workspace.asRelativePath(arg.ecosystemPath)} is no longer in the workspace (moved or deleted?).`);
    if (arg.serviceName && (want === 'service' || ecosystem.readme)) return { ecosystem, service: arg.serviceName };
    return want === 'service' ? pickService(ecosystem) : { ecosystem };
  }
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme === 'file' && /\.pactown\.ya?ml$/i.test(uri.fsPath)) {
    const ecosystem = await catalog.ecosystemOf(uri.fsPath);
    if (ecosystem) return want === 'service' ? pickService(ecosystem) : { ecosystem };
  }
  if (uri?.scheme === 'file' && /\.(md|markdown)$/i.test(uri.fsPath)) {
    const users = await catalog.usersOf(uri.fsPath);
    if (users.length > 0) return pickUser(users, want === 'service' ? 'Which service?' : 'Which ecosystem?', want);
    const ecosystem = (await catalog.standaloneReadmes()).find((e) => e.readme === uri.fsPath);
    if (ecosystem) return { ecosystem, service: ecosystem.services[0].name };
  }
  return pick(services, want);
}

/** One of the ecosystems that use a README: asks which when there are several. */
export async function pickUser(users: readonly { ecosystem: CatalogEcosystem; service: string }[], placeHolder: string, want: 'ecosystem' | 'service' = 'service'): Promise<Target | undefined> {
  const targets = users.map((u): Target => (want === 'service' ? { ecosystem: u.ecosystem, service: u.service } : { ecosystem: u.ecosystem }));
  if (targets.length === 1) return targets[0];
  const items = users.map((u, i) => ({ label: u.ecosystem.name, description: `as ${u.service} · ${vscode.workspace.asRelativePath(u.ecosystem.path)}`, target: targets[i] }));
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.target;
}

async function pickService(ecosystem: CatalogEcosystem): Promise<Target | undefined> {
  if (ecosystem.services.length === 0) return explain(`${ecosystem.name} has no services.`);
  if (ecosystem.services.length === 1) return { ecosystem, service: ecosystem.services[0].name };
  const items = ecosystem.services.map((s) => ({ label: s.name, description: `:${s.port}`, target: { ecosystem, service: s.name } as Target }));
  return (await vscode.window.showQuickPick(items, { placeHolder: `Which service of ${ecosystem.name}?` }))?.target;
}

async function pick(services: ExtensionContextServices, want: 'ecosystem' | 'service'): Promise<Target | undefined> {
  const all = await services.catalog.all();
  const items = want === 'ecosystem'
    ? all.map((ecosystem) => ({ label: ecosystem.name, description: vscode.workspace.asRelativePath(ecosystem.readme ?? ecosystem.path), target: { ecosystem } as Target }))
    : all.flatMap((ecosystem) => ecosystem.services.map((s) => ({ label: s.name, description: ecosystem.readme ? 'README' : ecosystem.name, target: { ecosystem, service: s.name } as Target })));
  if (items.length === 0) return explain('No pactown ecosystem (*.pactown.yaml) or markpact README in this workspace.');
  if (items.length === 1) return items[0].target;
  return (await vscode.window.showQuickPick(items, { placeHolder: want === 'ecosystem' ? 'Which ecosystem?' : 'Which service?' }))?.target;
}
