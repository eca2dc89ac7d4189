// Opens a code-server workbench in headless Chromium (playwright-core drives Debian's chromium).
// The page must stay open: code-server starts the extension host for a connected workbench.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.MARKPACT_CHROMIUM ?? '/usr/bin/chromium';

const launchFlags = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/**
 * The workbench URL that loads an extension under development and (optionally) runs its tests in
 * the extension host, as @vscode/test-electron does; code-server reads both from `payload`.
 */
export function workbenchUrl(origin, { workspace, extensionPath, testsPath }) {
  const remote = (path) => `vscode-remote://${new URL(origin).host}${path}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * @param {string} url
 * @param {{ onLog?: (type: string, text: string) => void, onExit?: (code: number) => void, viewport?: { width: number, height: number } }} [options]
 * @returns {Promise<{ page: import('playwright-core').Page, close: () => Promise<void> }>}
 */
export async function openWorkbench(url, { onLog, onExit, viewport = { width: 1400, height: 860 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'markpact-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: launchFlags, viewport });
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // The names VS Code's test runner calls in a browser workbench (the automation hooks of test-web).
    if (onExit) await page.exposeFunction('codeAutomationExit', (code) => onExit(Number(code)));
    if (onLog) await page.exposeFunction('codeAutomationLog', (type, args) => onLog(String(type), format(...(Array.isArray(args) ? args : [args]))));
    await page.goto(url);
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
