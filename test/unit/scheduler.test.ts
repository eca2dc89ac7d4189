import assert from 'node:assert/strict';
import test from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticsScheduler } from '../../server/src/lsp/diagnosticsScheduler';
import { readSettings } from '../../server/src/service/settings';

function harness(computeDelay: (doc: TextDocument) => Promise<void>) {
  const docs = new Map<string, TextDocument>();
  const published: { uri: string; version?: number; count: number }[] = [];
  let publishedListener: () => void = () => {};
  const scheduler = new DiagnosticsScheduler({
    current: (uri) => docs.get(uri),
    compute: async (doc) => {
      await computeDelay(doc);
      return [{ message: `v${doc.version}` } as Diagnostic];
    },
    publish: (uri, diagnostics, version) => {
      published.push({ uri, version, count: diagnostics.length });
      publishedListener();
    },
    delay: () => 0,
    onError: () => assert.fail('no error expected'),
  });
  const nextPublish = () => new Promise<void>((resolve) => (publishedListener = resolve));
  return { docs, published, scheduler, nextPublish };
}

test('a result computed for a superseded version is never published', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const h = harness((doc) => (doc.version === 1 ? gate : Promise.resolve()));
  h.docs.set('a', TextDocument.create('a', 'markdown', 1, 'one'));
  const published = h.nextPublish();
  h.scheduler.schedule('a', true);
  await new Promise((resolve) => setImmediate(resolve)); // let v1 start computing
  h.docs.set('a', TextDocument.create('a', 'markdown', 2, 'two'));
  h.scheduler.schedule('a', true);
  release();
  await published;
  assert.deepEqual(h.published, [{ uri: 'a', version: 2, count: 1 }]);
  h.scheduler.dispose();
});

test('closing clears diagnostics, and a validation still running then publishes nothing', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const h = harness(() => gate);
  h.docs.set('b', TextDocument.create('b', 'markdown', 1, 'x'));
  h.scheduler.schedule('b', true);
  await new Promise((resolve) => setImmediate(resolve));
  h.docs.delete('b');
  h.scheduler.clear('b');
  release();
  await gate;
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(h.published, [{ uri: 'b', version: undefined, count: 0 }]);
});

test('settings keep only well-formed values', () => {
  const s = readSettings({ severity: { 'no-run': 'error', 'unknown-kind': 'loud', x: 3 }, diagnosticsDelay: -5, cacheDirectory: '/c' });
  assert.deepEqual(s.severity, { 'no-run': 'error' });
  assert.equal(s.diagnosticsDelay, 150);
  assert.equal(s.cacheDirectory, '/c');
  assert.equal(readSettings('nonsense').diagnosticsDelay, 150);
});

test('a document updated in place while its old text is validated: the old result is not published as the new version', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const doc = TextDocument.create('c', 'markdown', 1, 'one');
  const published: { version?: number; message: string }[] = [];
  let listener: () => void = () => {};
  const scheduler = new DiagnosticsScheduler({
    current: () => doc,
    compute: async (d) => {
      const text = d.getText(); // what the real service parses, before its first await
      if (text === 'one') await gate;
      return [{ message: text } as Diagnostic];
    },
    publish: (_uri, diagnostics, version) => {
      published.push({ version, message: String(diagnostics[0]?.message ?? '') });
      listener();
    },
    delay: () => 0,
    onError: () => assert.fail('no error expected'),
  });
  const next = new Promise<void>((resolve) => (listener = resolve));
  scheduler.schedule('c', true);
  await new Promise((resolve) => setImmediate(resolve));
  // vscode-languageserver's TextDocuments updates the same object on each change.
  TextDocument.update(doc, [{ text: 'two' }], 2);
  scheduler.schedule('c', true);
  release();
  await next;
  assert.deepEqual(published, [{ version: 2, message: 'two' }]);
  scheduler.dispose();
});
