import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { join } from 'node:path';
import { markpactContentHash } from '../../core/markpact/contentHash';
import { watchersFor } from '../../server/src/service/watchPatterns';
import { fence, tempWorkspace } from '../server/fixtures';
import { serviceOn } from './serviceFixture';

const hashed = (path: string, body: string) => `# Svc\n\n${fence}python markpact:file path=${path} sha256=${markpactContentHash(body)}\n${body}\n${fence}\n\n${fence}bash markpact:run\npython ${path}\n${fence}\n`;

describe('which open documents a file change re-checks', () => {
  const ws = tempWorkspace({ 'a/a.py': 'print(1)\n', 'b/sandbox/b.py': 'print(2)\n', 'c/c.py': 'print(3)\n' });
  after(() => ws.remove());

  test('a README depends on its sha256= files, where they are and where they may appear', async () => {
    const { service, open } = serviceOn(ws, ws.path('.no-cache'));
    const a = open('a/README.md', hashed('a.py', 'print(1)')).doc;
    const b = open('b/README.md', hashed('b.py', 'print(2)')).doc;
    assert.deepEqual(await service.diagnostics(a), []);
    assert.deepEqual(await service.diagnostics(b), []);
    assert.deepEqual(service.dependentDocuments([ws.path('a/a.py')]), [a.uri]);
    assert.deepEqual(service.dependentDocuments([ws.path('b/sandbox/b.py')]), [b.uri]);
    // Not there yet, but it would be read first if it appeared.
    assert.deepEqual(service.dependentDocuments([ws.path('b/b.py')]), [b.uri]);
    assert.deepEqual(service.dependentDocuments([ws.path('a/other.py'), ws.path('c/c.py'), ws.path('b/sandbox/b.py.bak')]), []);
    // A folder created or deleted as a whole: what was looked for inside it.
    assert.deepEqual(service.dependentDocuments([ws.path('a/sandbox')]), [a.uri]);
    assert.deepEqual(service.dependentDocuments([ws.path('b')]), [b.uri]);
    assert.deepEqual(service.watchedPaths(100).sort(), [ws.path('a/a.py'), ws.path('a/sandbox/a.py'), ws.path('b/b.py'), ws.path('b/sandbox/b.py')]);
    assert.equal(service.watchedPaths(3).length, 3);
  });

  test('a document checked without being open (Validate workspace) leaves nothing to watch', async () => {
    const { service } = serviceOn(ws, ws.path('.no-cache'));
    const { TextDocument } = await import('vscode-languageserver-textdocument');
    await service.diagnostics(TextDocument.create(ws.uri('c/README.md'), 'markdown', 0, hashed('c.py', 'print(3)')));
    assert.deepEqual(service.watchedPaths(100), []);
  });
});

describe('watchers for the watched files', () => {
  const root = join('/ws', 'root');

  test('one relative watcher per workspace folder naming its files and the folders on their way; a file outside is watched from its folder', () => {
    const watchers = watchersFor([join(root, 'svc', 'app.py'), join(root, 'svc', 'sandbox', 'app.py'), join('/elsewhere', 'lib', 'README.md')], [root], true);
    assert.deepEqual(watchers, [
      { globPattern: { baseUri: 'file:///ws/root', pattern: '{svc,svc/app.py,svc/sandbox,svc/sandbox/app.py}' } },
      { globPattern: { baseUri: 'file:///elsewhere/lib', pattern: 'README.md' } },
    ]);
  });

  test('a name with glob characters is matched by * (the server filters by exact path); absolute patterns without relative support', () => {
    assert.deepEqual(watchersFor([join(root, 'a{b}.py'), join(root, 'x', 'c,d.py')], [root], true), [{ globPattern: { baseUri: 'file:///ws/root', pattern: '{*,x,x/*}' } }]);
    assert.deepEqual(watchersFor([join('/we[ird]', 'app.py')], [], false), [{ globPattern: '/*/app.py' }]);
    assert.deepEqual(watchersFor([], [root], true), []);
    assert.deepEqual(watchersFor([join('/', 'top.py')], [], false), [{ globPattern: '/top.py' }]);
  });
});
