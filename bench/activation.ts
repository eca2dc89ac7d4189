// Activation in a real VS Code (code-server + headless Chromium): each round opens a fresh window
// (a new extension host) on the examples workspace and reads how long activate() took.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM scripts without type declarations
import { launchCodeServer } from '../scripts/vscode-host/launch.mjs';
// @ts-expect-error plain ESM scripts without type declarations
import { openWorkbench, workbenchUrl } from '../scripts/vscode-host/workbench.mjs';

/** Runs in the extension host as its "tests": reports the measured activation, then ends the run. */
const probe = `const vscode = require('vscode');
exports.run = async () => {
  const api = await vscode.extensions.getExtension('markpact.markpact').activate();
  console.log('[bench:activation] ' + api.activationMs);
};
`;

export async function benchActivation(rounds = 5): Promise<number[]> {
  const root = mkdtempSync(join(tmpdir(), 'markpact-bench-'));
  const workspace = join(root, 'workspace');
  cpSync('examples', workspace, { recursive: true, filter: (source) => !/[/\\](wheelhouse|\.pactown)([/\\]|$)/.test(source) });
  writeFileSync(join(root, 'probe.js'), probe);
  const server = await launchCodeServer({ workspace, profileDir: join(root, 'profile'), log: () => undefined });
  const times: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      let workbench: { close: () => Promise<void> } | undefined;
      const measured = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no activation reported within 60 s')), 60_000);
        const onLog = (_type: string, text: string) => {
          const match = /^\[bench:activation\] ([\d.]+)/.exec(text);
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        };
        const url = workbenchUrl(server.origin, { workspace, extensionPath: process.cwd(), testsPath: join(root, 'probe.js') });
        openWorkbench(url, { onLog, onExit: () => undefined }).then((opened: { close: () => Promise<void> }) => (workbench = opened), reject);
      });
      await (workbench as { close: () => Promise<void> } | undefined)?.close();
      times.push(measured);
    }
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
  return times;
}
