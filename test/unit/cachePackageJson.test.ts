import assert from 'node:assert/strict';
import test from 'node:test';
import { entryPackageJson, generatePackageJson, splitNodeSpec } from '../../core/cache/packageJson';

test('deps lines split into name and spec, scoped names included', () => {
  const cases: [string, [string, string]][] = [
    ['express', ['express', 'latest']],
    ['express@^4.18.2', ['express', '^4.18.2']],
    ['  lodash@4  # a comment', ['lodash', '4']],
    ['left-pad@', ['left-pad', 'latest']],
    ['@scope/pkg@1.2', ['@scope/pkg', '1.2']],
    ['@scope/pkg', ['@scope/pkg', 'latest']],
    ['@capacitor/core', ['@capacitor/core', '^6.0.0']],
    ['@capacitor/core@5', ['@capacitor/core', '5']],
    ['mine@git+ssh://git@github.com/me/mine.git#v1', ['mine', 'git+ssh://git@github.com/me/mine.git#v1']],
    ['alias@npm:real@2', ['alias', 'npm:real@2']],
    ['local@file:../pkgdir', ['local', 'file:../pkgdir']],
  ];
  for (const [line, expected] of cases) assert.deepEqual(splitNodeSpec(line), expected, line);
});

test('the generated package.json follows pactown: sanitised name, sorted dependencies, comments skipped', () => {
  const text = generatePackageJson('My App!', ['react@18', '# tooling', '', '@scope/pkg@1.2', 'express']);
  assert.equal(
    text,
    `${JSON.stringify({ dependencies: { '@scope/pkg': '1.2', express: 'latest', react: '18' }, name: 'my-app-', private: true, version: '1.0.0' }, null, 2)}\n`,
  );
  assert.equal(JSON.parse(generatePackageJson('', [])).name, 'pactown-app');
});

test("a README's package.json is installed without its scripts and workspaces; equal content gives equal text", () => {
  const a = entryPackageJson(JSON.stringify({ name: 'a', scripts: { postinstall: 'node setup.js' }, workspaces: ['x'], dependencies: { b: '1', a: '2' } }));
  const b = entryPackageJson(JSON.stringify({ dependencies: { a: '2', b: '1' }, name: 'a' }, null, 4));
  assert.equal(a, b);
  assert.deepEqual(JSON.parse(a), { dependencies: { a: '2', b: '1' }, name: 'a' });
  assert.throws(() => entryPackageJson('{ nope'), /not valid JSON/);
  assert.throws(() => entryPackageJson('[1]'), /not a JSON object/);
});
