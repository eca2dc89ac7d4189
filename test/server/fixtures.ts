import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

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
