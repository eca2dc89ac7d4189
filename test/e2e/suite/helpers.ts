// Shared by the end-to-end suites: waiting on conditions (never on time), HTTP, screenshots.
import { existsSync, readFileSync, watch } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the end-to-end tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function markpactApi(): Promise<MarkpactApi> {
  const extension = vscode.extensions.getExtension<MarkpactApi>('markpact.markpact');
  if (!extension) throw new Error('extension markpact.markpact is not loaded');
  return extension.activate();
}

interface UntilOptions {
  /** Re-check when any of these fire. */
  events?: vscode.Event<unknown>[];
  /** Re-check this often too, for conditions no event announces (a port answering). */
  pollMs?: number;
  timeoutMs?: number;
}

/** Resolves with the first truthy result of `check`, re-checked on events; rejects at the deadline with the last value seen. */
export function until<T>(description: string, check: () => T | undefined | false | Promise<T | undefined | false>, options: UntilOptions = {}): Promise<T> {
  const { events = [], pollMs, timeoutMs = 60_000 } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let last: unknown;
    let running = false;
    let again = false;
    const subscriptions = events.map((event) => event(() => void probe()));
    const poller = pollMs ? setInterval(() => void probe(), pollMs) : undefined;
    const deadline = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description} (last: ${JSON.stringify(last)})`))), timeoutMs);
    function finish(settle: () => void) {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (poller) clearInterval(poller);
      for (const s of subscriptions) s.dispose();
      settle();
    }
    async function probe(): Promise<void> {
      if (settled) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const value = await check();
        last = value;
        if (value) finish(() => resolve(value as T));
      } catch (error) {
        last = String(error);
      } finally {
        running = false;
        if (again && !settled) {
          again = false;
          void probe();
        }
      }
    }
    void probe();
  });
}

/** Whether a port can be bound now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Gives an ecosystem of the workspace `count` consecutive free ports (its base_port), as the
 * harness does for the examples. Below Linux's ephemeral range, like scripts/freePorts.mjs: a port
 * in it can be taken by the local end of any outgoing connection.
 */
export async function assignFreePorts(ecosystem: vscode.Uri, count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (12_000 - count));
    if (!(await Promise.all(Array.from({ length: count }, (_, i) => portFree(base + i)))).every(Boolean)) continue;
    const text = await readFile(ecosystem.fsPath, 'utf8');
    await writeFile(ecosystem.fsPath, text.replace(/^base_port: \d+$/m, `base_port: ${base}`));
    return base;
  }
  throw new Error(`no ${count} consecutive free ports for ${ecosystem.fsPath}`);
}

export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.text() };
}

export interface UiExpectation {
  /** A CSS selector in the workbench page. */
  selector: string;
  /** Text the element must contain. */
  text?: string;
}

/**
 * Asks the harness (which drives the browser) to wait until the workbench shows `expect`, then
 * screenshot it to test-results/<name>.png (after moving the mouse over `hover`, a CSS selector, if given). The request goes out on the console the harness reads;
 * the answer comes back as a file in MARKPACT_E2E_SIGNALS.
 */
export async function screenshot(name: string, expect: UiExpectation[], hover?: string): Promise<void> {
  const signals = process.env.MARKPACT_E2E_SIGNALS;
  if (!signals) throw new Error('MARKPACT_E2E_SIGNALS is not set: run the end-to-end tests through test/e2e/run.mjs');
  const answer = join(signals, `${name}.result`);
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!existsSync(answer)) return;
      watcher.close();
      clearTimeout(timer);
      resolve();
    };
    const watcher = watch(signals, check);
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`the harness did not answer the screenshot request ${name} within 60 s`));
    }, 60_000);
    console.log(`[e2e:screenshot] ${JSON.stringify({ name, expect, hover })}`);
    check();
  });
  const result = readFileSync(answer, 'utf8');
  if (result !== 'ok') throw new Error(`screenshot ${name}: ${result}`);
}

/** Hover text at a position, from every provider (the language server's and the extension's). */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

export async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/** The position just after the first occurrence of `text` in a document. */
export function positionAfter(document: vscode.TextDocument, text: string): vscode.Position {
  const offset = document.getText().indexOf(text);
  if (offset < 0) throw new Error(`"${text}" not found in ${document.uri.fsPath}`);
  return document.positionAt(offset + text.length);
}
