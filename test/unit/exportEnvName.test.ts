import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { envNameProblem, showEnvName } from '../../core/export/envName';
import { ExportError } from '../../core/export/plan';
import { readme, writeEcosystem } from './exportFixture';

test('names every target takes pass: letters, digits after the first, underscores', () => {
  for (const name of ['PORT', 'DB_URL', '_private', 'a', 'MyEnvName1', 'X_1_2', '__']) assert.equal(envNameProblem(name), undefined, name);
});

test('names some target refuses, each with its reason', () => {
  const cases: [string, RegExp][] = [
    ['', /empty name: Compose and Kubernetes refuse it/],
    ['A=B', /'=' ends a variable's name: Compose and Kubernetes refuse it/],
    ['=', /'='/],
    ['1ABC', /starts with a digit: the image's sh \(dash\) drops the variable .*Kubernetes before 1\.32 refuses it/],
    ['--x', /'-' is not a letter, digit or '_': the image's sh \(dash\) drops the variable before the service starts$/],
    ['my.env', /'\.' is not a letter/],
    ['A B', /' ' is not a letter.*Kubernetes before 1\.32 refuses it/],
    ['x;touch /tmp/p;_TOKEN', /';' is not a letter/],
    ['CAFÉ', /U\+00C9 is not printable ASCII: Kubernetes refuses it/],
    ['KEY😀', /U\+1F600 is not printable ASCII/],
    ['A\nB', /U\+000A is not printable ASCII/],
    ['A\u0000', /U\+0000 is not printable ASCII/],
  ];
  for (const [name, reason] of cases) assert.match(envNameProblem(name) ?? 'accepted', reason, JSON.stringify(name));
});

test('a name from the file is shown quoted, escaped and bounded', () => {
  assert.equal(showEnvName('A=B'), '"A=B"');
  assert.equal(showEnvName('A\u202eB\n'), '"A\\u202eB\\n"');
  assert.equal(showEnvName('X'.repeat(100)), `"${'X'.repeat(60)}"…`);
});

const api = { 'api/README.md': readme('python3 -m http.server $PORT'), '2fa/README.md': readme('python3 -m http.server $PORT') };

/** The message of the export's refusal of `yaml` (fails when the plan succeeds). */
async function refusal(yaml: string): Promise<string> {
  const error = await writeEcosystem(yaml, api).plan().then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ExportError, `refused: ${String(error)}`);
  return error.message;
}

test('an env key no target takes refuses the export, naming the service, the key and its line', async () => {
  const yaml = stringify({ services: { api: { port: 9000, env: { GOOD: '1', 'A=B': 'x', '1ABC': 'y', '': 'z', 'CAFÉ': 'w', '--x': 'v' } } } });
  const message = await refusal(yaml);
  const lines = yaml.split('\n');
  const lineOf = (key: string) => lines.findIndex((l) => l.trimStart().startsWith(key)) + 1;
  assert.match(message, /nothing was written/);
  assert.match(message, new RegExp(`api: env "A=B": '=' ends .*; rename the variable \\(line ${lineOf('A=B')}\\)`));
  assert.match(message, new RegExp(`api: env "1ABC": it starts with a digit.* \\(line ${lineOf('1ABC')}\\)`));
  assert.match(message, new RegExp(`api: env "CAF\\\\u00c9": U\\+00C9 .* \\(line ${lineOf('CAFÉ')}\\)`));
  assert.match(message, /api: env "--x": '-' is not a letter/);
  assert.match(message, /api: env "": an empty name/);
  assert.doesNotMatch(message, /GOOD/);
});

test("derived names are checked too: a dependency's name that makes <DEP>_URL, and env_var", async () => {
  const message = await refusal('services:\n  api:\n    port: 9000\n    depends_on:\n      - 2fa\n      - {name: 2fa, env_var: "AUTH-URL"}\n  2fa:\n    port: 9001\n');
  assert.match(message, /api: env "2FA_URL": it starts with a digit.*rename the service '2fa' \(line 5\)/);
  assert.match(message, /api: env "AUTH-URL": '-' is not a letter.*change its env_var \(line 6\)/);
});

test('a secret-looking key that is not a name is refused like any other (it would name a file and a shell assignment)', async () => {
  assert.match(await refusal('services:\n  api:\n    port: 9000\n    env:\n      "x;touch /tmp/p;_TOKEN": abc\n'), /api: env "x;touch \/tmp\/p;_TOKEN": ';' is not a letter/);
});

test('an env_var of an external dependency with no endpoint sets nothing, so it does not stop the export', async () => {
  const plan = await writeEcosystem('services:\n  api:\n    port: 9000\n    depends_on:\n      - {name: billing, registry: "https://registry.example", env_var: "BILLING-URL"}\n', api).plan();
  assert.deepEqual(plan.services.map((s) => s.config.name), ['api']);
});
