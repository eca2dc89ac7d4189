import assert from 'node:assert/strict';
import test from 'node:test';
import { failureNotice, invalidEcosystemNotice } from '../../client/src/model/failureNotice';

test('a service failure shows the line its service last wrote to stderr, the rest goes to the detail', () => {
  const notice = failureNotice('greeter: exited (code 3) before it was healthy\nlast output:\n  | starting greeter\n  ! greeter: settings.toml is missing\n  | bye');
  assert.equal(notice.message, 'greeter: exited (code 3) before it was healthy (stderr: greeter: settings.toml is missing)');
  assert.equal(notice.detail, 'last output:\n  | starting greeter\n  ! greeter: settings.toml is missing\n  | bye');
});

test('without stderr, the last output line; without output, the failure alone', () => {
  assert.equal(failureNotice('api: exited (code 1) before it was healthy\nlast output:\n  | listening\n  | shutting down\n').message, 'api: exited (code 1) before it was healthy (output: shutting down)');
  assert.deepEqual(failureNotice('api: did not become healthy within 60 s'), { message: 'api: did not become healthy within 60 s', detail: '' });
});

test('an ecosystem that does not validate: the message names the first error, the detail the others', () => {
  const error = [
    '/w/shop.pactown.yaml has 3 errors; nothing was started:',
    '  /w/shop.pactown.yaml:5:3 unknown-service depends_on names `dbb`, which is not a service here',
    '  /w/shop.pactown.yaml:9:13 readme-not-found api/README.md does not exist',
    '  /w/shop.pactown.yaml:12:1 cycle a → b → a',
  ].join('\n');
  const notice = invalidEcosystemNotice(error, (path) => path.replace('/w/', ''));
  assert.equal(notice.message, 'Nothing was started: shop.pactown.yaml:5:3 unknown-service depends_on names `dbb`, which is not a service here (and 2 more errors)');
  assert.equal(notice.detail, 'shop.pactown.yaml:9:13 readme-not-found api/README.md does not exist\nshop.pactown.yaml:12:1 cycle a → b → a');
  assert.doesNotMatch(notice.message, /:$/, 'it never ends at the colon');
});

test('one error, or a file that is gone', () => {
  const one = invalidEcosystemNotice('/w/x.pactown.yaml has 1 error; nothing was started:\n  /w/x.pactown.yaml:1:1 no-services no services', (p) => p);
  assert.deepEqual(one, { message: 'Nothing was started: /w/x.pactown.yaml:1:1 no-services no services', detail: '' });
  assert.equal(invalidEcosystemNotice('/w/x.pactown.yaml: no such file', (p) => p).message, 'Nothing was started: /w/x.pactown.yaml: no such file');
});
