import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEcosystem } from '../../core/pactown/parse';
import { checkSandboxRoot, unsafeSandboxRoot } from '../../core/pactown/sandboxRootCheck';

const yaml = (root: string, readme = 'api/README.md') => `name: shop\nsandbox_root: ${root}\nservices:\n  api:\n    readme: ${readme}\n`;
const why = (root: string, readme?: string) => unsafeSandboxRoot('/home/ann/shop/shop.pactown.yaml', parseEcosystem(yaml(root, readme)).config, '/home/ann');

test('sandbox_root: the file system root, home, the ecosystem\'s folder or above, or a folder holding the READMEs is refused', () => {
  assert.match(why('/')!, /file system's root/);
  assert.match(why('/home/ann')!, /your home folder/);
  assert.match(why('..')!, /your home folder/);
  assert.match(why('.')!, /the ecosystem's own folder/);
  assert.match(why('./')!, /the ecosystem's own folder/);
  assert.match(why('../..')!, /a folder above the ecosystem's own \(\/home\)/);
  assert.match(why('/home')!, /a folder above/);
  assert.match(why('api')!, /holds api\/README.md/);
  assert.match(why('services', 'services/api/README.md')!, /holds services\/api\/README.md/);
  for (const fine of ['.pactown', 'build/sandboxes', '../shop-sandboxes', '/tmp/pactown-shop']) assert.equal(why(fine), undefined, fine);
});

test('unsafe-sandbox-root is an error on the value', () => {
  const text = yaml('../');
  const [problem] = checkSandboxRoot('/home/ann/shop/shop.pactown.yaml', parseEcosystem(text).config);
  assert.equal(problem.code, 'unsafe-sandbox-root');
  assert.equal(problem.severity, 'error');
  assert.equal(text.slice(problem.span.start, problem.span.end), '../');
});
