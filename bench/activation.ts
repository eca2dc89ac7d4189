// Activation in a real VS Code (code-server + headless Chromium): each round opens a fresh window
// (a new extension host) on a copy of examples/ and reads the extension host's own performance
// marks, the figures of "Developer: Show Running Extensions": loading the bundle, and activate().
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM scripts without type declarations
import { copyExamples } from '../scripts/vscode-host/exampleWorkspace.mjs';
// @ts-expect-error plain ESM scripts without type declarations
import { launchCodeServer } from '../scripts/vscode-host/launch.mjs';
// @ts-expect-error plain ESM scripts without type declarations
import { openWorkbench, workbenchUrl } from '../scripts/vscode-host/workbench.mjs';

export interface ActivationTimes {
  /** require() of dist/extension.js. */
  loadMs: number;
  /** activate() until it returned. */
  activateMs: number;
}

/** Runs in the extension host as its "tests": reports the extension's marks, then ends the run. */
const probe = `const vscode = require('vscode');
exports.run = async () => {
  await vscode.extensions.getExtension('markpact.markpact').activate();
  const marks = Object.fromEntries(globalThis.MonacoPerformanceMarks.getMarks().map((m) => [m.name, m.startTime]));
  const at = (what) => marks['code/extHost/' + what + '/markpact.markpact'];
  console.log('[bench:activation] ' + JSON.stringify({
    loadMs: at('didLoadExtensionCode') - at('willLoadExtensionCode'),
    activateMs: at('didActivateExtension') - at('willActivateExtension'),
  }));
};
`;

export async function benchActivation(rounds = 5): Promise<ActivationTimes[]> {
  const root = mkdtempSync(join(tmpdir(), 'markpact-bench-'));
  const workspace = join(root, 'workspace');
  copyExamples(workspace);
  writeFileSync(join(root, 'probe.js'), probe);
  const server = await launchCodeServer({ workspace, profileDir: join(root, 'profile'), log: () => undefined });
  const times: ActivationTimes[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      let workbench: { close: () => Promise<void> } | undefined;
      const measured = await new Promise<ActivationTimes>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no activation reported within 60 s')), 60_000);
        const onLog = (_type: string, text: string) => {
          const match = /^\[bench:activation\] (.*)$/s.exec(text);
          if (match) {
            clearTimeout(timer);
            resolve(JSON.parse(match[1]) as ActivationTimes);
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
