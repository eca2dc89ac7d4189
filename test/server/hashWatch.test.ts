import assert from 'node:assert/strict';
import { rmSync, unlinkSync, utimesSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Registration } from 'vscode-languageserver-protocol';
import { markpactContentHash } from '../../core/markpact/contentHash';
import { fence, serverSession } from './fixtures';

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => String(d.code)).sort();
const readme = (path: string, body: string) =>
  `# Svc\n\n${fence}python markpact:file path=${path} sha256=${markpactContentHash(body)}\n${body}\n${fence}\n\n${fence}bash markpact:run\npython ${path}\n${fence}\n`;
const Changed = 2;
const Created = 1;
const Deleted = 3;

/** The glob patterns of the server's didChangeWatchedFiles registrations. */
const watchedGlobs = (registrations: Registration[]) =>
  registrations
    .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
    .flatMap((r) => (r.registerOptions as { watchers: { globPattern: unknown }[] }).watchers.map((w) => JSON.stringify(w.globPattern)));

describe('sha256= re-checked when the file changes on disk (watched files)', () => {
  const { ws, client: server } = serverSession({ 'svc/app.py': 'print(1)\n', 'late/README.md': readme('new.py', 'print(1)'), 'other/README.md': readme('other.py', 'x = 1') });
  const notify = (name: string, type: number) => server().connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(name), type }] });
  const mismatch = (p: { diagnostics: { code?: string | number }[] }) => codes(p.diagnostics).join() === 'sha256-mismatch';
  const clean = (p: { diagnostics: unknown[] }) => p.diagnostics.length === 0;

  test('the server asks the client to watch the file and where it may appear', async () => {
    const uri = ws.uri('svc/README.md');
    await server().open(uri, 'markdown', readme('app.py', 'print(1)'));
    assert.deepEqual(await server().diagnostics(uri), []);
    // The test client has no relative-pattern support: the patterns are absolute.
    await server().waitForRegistrations((all) => watchedGlobs(all).some((g) => g.includes('svc/app.py,svc/sandbox,svc/sandbox/app.py')));
  });

  test('a change on disk brings sha256-mismatch; changing it back clears it', async () => {
    const uri = ws.uri('svc/README.md');
    ws.write('svc/app.py', 'print(2)\n');
    await notify('svc/app.py', Changed);
    const changed = await server().waitForPublished(uri, mismatch);
    assert.match(String(changed.diagnostics[0].message), /app\.py changed since markpact sync --hash/);
    ws.write('svc/app.py', 'print(1)\n');
    await notify('svc/app.py', Changed);
    await server().waitForPublished(uri, clean);
  });

  test('a rewrite of the same size and timestamp is not hidden by the server\'s cache of file texts', async () => {
    const uri = ws.uri('svc/README.md');
    // Both versions get the same whole-second timestamp: size and time alone cannot tell them apart.
    const rewrite = (text: string) => {
      ws.write('svc/app.py', text);
      utimesSync(ws.path('svc/app.py'), 1_700_000_000, 1_700_000_000);
    };
    rewrite('print(4)\n');
    await notify('svc/app.py', Changed);
    await server().waitForPublished(uri, mismatch);
    rewrite('print(1)\n');
    await notify('svc/app.py', Changed);
    await server().waitForPublished(uri, clean);
  });

  test('a file created where the README looks for it, then deleted', async () => {
    const uri = ws.uri('late/README.md');
    await server().open(uri, 'markdown', readme('new.py', 'print(1)'));
    assert.deepEqual(await server().diagnostics(uri), []);
    ws.write('late/sandbox/new.py', 'print(9)\n');
    await notify('late/sandbox/new.py', Created);
    const created = await server().waitForPublished(uri, mismatch);
    assert.match(String(created.diagnostics[0].message), /sandbox\/new\.py changed since/);
    unlinkSync(ws.path('late/sandbox/new.py'));
    await notify('late/sandbox/new.py', Deleted);
    await server().waitForPublished(uri, clean);
  });

  test('a folder created with the file inside, reported as the folder alone', async () => {
    const uri = ws.uri('late/README.md');
    ws.write('late/sandbox/new.py', 'print(8)\n');
    await notify('late/sandbox', Created);
    await server().waitForPublished(uri, mismatch);
    rmSync(ws.path('late/sandbox'), { recursive: true });
    await notify('late/sandbox', Deleted);
    await server().waitForPublished(uri, clean);
  });

  test('closing the README stops watching its files', async () => {
    const uri = ws.uri('other/README.md');
    await server().open(uri, 'markdown', readme('other.py', 'x = 1'));
    await server().diagnostics(uri);
    await server().waitForRegistrations((all) => watchedGlobs(all).some((g) => g.includes('other/other.py,other/sandbox,other/sandbox/other.py')));
    await server().close(uri);
    await server().waitForRegistrations((all) => !watchedGlobs(all).some((g) => g.includes('other/')) && watchedGlobs(all).some((g) => g.includes('svc/')));
  });
});
