// The command tests' workspace part (test/e2e/fixture/commands): `front` (api, web → api) and `alt`
// (api again, from another folder), plus a README with dependencies and a plain Markdown file.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import type { ServiceNode } from '../../../client/src/model/serviceTree';
import type { ServiceState } from '../../../core/runtime/serviceStatus';
import { assignFreePorts, until, workspaceFile } from './helpers';
import { withWindowSpy } from './spies';

export const front = () => workspaceFile('commands/front.pactown.yaml');
export const alt = () => workspaceFile('commands/alt/alt.pactown.yaml');
export const apiReadme = () => workspaceFile('commands/api/README.md');
export const webReadme = () => workspaceFile('commands/web/README.md');
export const depsReadme = () => workspaceFile('commands/deps/README.md');
export const notes = () => workspaceFile('commands/notes.md');

/** Free ports for both ecosystems (nothing of them may run), and the Services view reads them again. */
export async function prepareCommandsFixture(): Promise<void> {
  await assignFreePorts(front(), 2);
  await assignFreePorts(alt(), 1);
  await vscode.commands.executeCommand('markpact.refreshServices');
}

/** Leaves nothing of the fixture running (the messages saying it was not running are not shown). */
export async function stopCommandsFixture(): Promise<void> {
  await withWindowSpy({}, async () => {
    await vscode.commands.executeCommand('markpact.stopEcosystem', front());
    await vscode.commands.executeCommand('markpact.stopEcosystem', alt());
  });
}

export async function ecosystemRow(api: MarkpactApi, label: string): Promise<ServiceNode | undefined> {
  return (await api.serviceTree()).find((node) => node.kind === 'ecosystem' && node.label === label);
}

export function serviceRow(ecosystem: ServiceNode, name: string): ServiceNode {
  const row = ecosystem.children.find((c) => c.label === name);
  if (!row) throw new Error(`${ecosystem.label} has no service ${name}: ${ecosystem.children.map((c) => c.label)}`);
  return row;
}

export function pidOf(row: ServiceNode): number {
  return Number(/pid (\d+)/.exec(row.description)?.[1] ?? 0);
}

/** The ecosystem's row once its services are in these states (others: any). */
export function waitForStates(api: MarkpactApi, label: string, states: Record<string, ServiceState>): Promise<ServiceNode> {
  return until(`${label}: ${JSON.stringify(states)}`, async () => {
    const row = await ecosystemRow(api, label);
    return row && Object.entries(states).every(([name, state]) => row.children.find((c) => c.label === name)?.state === state) && row;
  }, { events: [api.onDidChangeServiceState], pollMs: 200 });
}

/** `pactown up --detach`, as from a terminal: a run this window does not own. */
export function pactownUp(yaml: string): Promise<string> {
  const cli = join(vscode.extensions.getExtension('markpact.markpact')!.extensionPath, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'up', yaml, '--detach'], { env: process.env, timeout: 120_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stdout}${stderr}`)) : resolve(stdout)));
  });
}
