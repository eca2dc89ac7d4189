import * as vscode from 'vscode';
import type { ExtensionContextServices } from '../context';
import { hasMarkpactBlocks } from '../model/catalog';
import { editorReader } from '../workspace/editorReader';
import { explain } from './explain';
import { findEcosystem, isNodeLike, pickUser, type Target } from './targets';

const isMarkdown = (path: string) => /\.(md|markdown)$/i.test(path);

/**
 * What "Run / Stop / Restart this README" acts on: the README run on its own, or — when ecosystems
 * use it — its service in one of them (started with what it depends on). Asks which ecosystem when
 * several could be meant; says why when there is nothing to act on.
 */
export async function resolveReadmeTarget(services: ExtensionContextServices, arg: unknown, action: 'run' | 'stop'): Promise<Target | undefined> {
  let path: string;
  if (isNodeLike(arg)) {
    const ecosystem = await findEcosystem(services, arg.ecosystemPath);
    if (ecosystem) return { ecosystem, ...(arg.serviceName ? { service: arg.serviceName } : {}) };
    // A lens of a README that is not listed yet (its blocks are new): act on the README itself.
    if (!arg.readmePath) return explain(`${vscode.workspace.asRelativePath(arg.ecosystemPath)} is no longer in the workspace (moved or deleted?).`);
    path = arg.readmePath;
  } else {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file' || !isMarkdown(uri.fsPath)) return explain(`Open a markpact README (a Markdown file with markpact blocks) to ${action} it.`);
    path = uri.fsPath;
  }
  const name = vscode.workspace.asRelativePath(path);
  const users = await services.catalog.usersOf(path);
  if (users.length === 0) {
    const text = await editorReader.readText(path);
    if (text === undefined) return explain(`${name} cannot be read.`);
    if (!hasMarkpactBlocks(text)) return explain(`${name} has no markpact blocks: there is nothing to ${action}.`);
    const ecosystem = await services.catalog.ecosystemOf(path);
    return ecosystem && { ecosystem, service: ecosystem.services[0].name };
  }
  if (action === 'run') return pickUser(users, `${users.length} ecosystems use ${name}: run it in which one?`);
  // Stop it where it runs.
  await services.runs.track(users.map((u) => u.ecosystem));
  const live = users.filter((u) => (services.runs.view(u.ecosystem.path)?.services.find((s) => s.name === u.service)?.state ?? 'stopped') !== 'stopped');
  if (live.length === 0) {
    const where = users.map((u) => `as ${u.service} in ${u.ecosystem.name}`).join(', ');
    return explain(`${name} is not running (${where}): there is nothing to stop.`);
  }
  return pickUser(live, `${name} runs in ${live.length} ecosystems: stop it in which one?`);
}
