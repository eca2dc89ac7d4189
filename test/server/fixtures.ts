import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';

/** A throw-away workspace folder with the given files; `uri(name)` gives a file URI inside it. */
export function tempWorkspace(files: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'markpact-ws-'));
  const write = (name: string, text: string) => {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  };
  for (const [name, text] of Object.entries(files)) write(name, text);
  return {
    root,
    path: (name: string) => join(root, name),
    uri: (name: string) => pathToFileURL(join(root, name)).href,
    write,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Markdown fence of three backticks, so fixtures stay readable inside template strings. */
export const fence = '```';

/**
 * Inside a `describe`: a temp workspace with these files and a language server started on it
 * before the tests and stopped after; `client()` is the running client.
 */
export function serverSession(files: Record<string, string>, initializationOptions?: Record<string, unknown>) {
  const ws = tempWorkspace(files);
  let client: LspTestClient | undefined;
  before(async () => {
    client = await LspTestClient.start({ rootPath: ws.root, ...(initializationOptions ? { initializationOptions } : {}) });
  });
  after(async () => {
    await client?.stop();
    ws.remove();
  });
  return { ws, client: () => client! };
}
