// Runs inside the extension host (extensionTestsPath): VS Code calls run() and exits with its result.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // One session per suite: the harness opens a trusted workspace for one and a restricted one for the other.
  const suite = process.env.MARKPACT_E2E_SUITE ?? 'trusted';
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  const only = (process.env.MARKPACT_E2E_FILES ?? '').split(',').filter(Boolean);
  const chosen = (file: string) => only.length === 0 || only.some((name) => file.startsWith(`${name}.`));
  for (const file of readdirSync(__dirname).filter((f) => f.startsWith(`${suite}.`) && f.endsWith('.test.js') && chosen(f))) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} end-to-end test(s) failed`)) : resolve()));
  });
}
