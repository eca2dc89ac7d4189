import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { validateEcosystem } from '../../core/diagnostics/validateEcosystem';
import { diskReader } from '../../core/diskReader';
import { checkEcosystem } from '../../core/pactown/checks';
import { parseEcosystem } from '../../core/pactown/parse';

// A flow sequence left open: the parser's guess at the rest gives the services odd values and a shared port.
const broken = 'name: shop\nservices:\n  api:\n    readme: [api/README.md\n    port: 8001\n  web:\n    readme: web/README.md\n    port: 8001\n';
const fixed = broken.replace('[api/README.md', 'api/README.md');

test('a YAML syntax error is reported alone: no knock-on findings about the guessed model', async () => {
  const parsed = parseEcosystem(broken);
  // The model read from the broken text has findings of its own (a list readme, a mapping port): knock-ons.
  assert.deepEqual(parsed.problems.filter((p) => p.code !== 'yaml-syntax').map((p) => p.code), ['invalid-value', 'invalid-value']);
  const problems = checkEcosystem(parsed);
  assert.ok(problems.length > 0);
  assert.deepEqual([...new Set(problems.map((p) => p.code))], ['yaml-syntax']);

  const dir = mkdtempSync(join(tmpdir(), 'yaml-alone-'));
  try {
    const path = join(dir, 'shop.pactown.yaml');
    writeFileSync(path, broken);
    // No README is looked for either (neither exists here).
    assert.deepEqual([...new Set((await validateEcosystem(path, parsed, diskReader)).map((p) => p.code))], ['yaml-syntax']);
    // Fixed, the real findings come back: the READMEs are missing and the port is shared.
    const codes = (await validateEcosystem(path, parseEcosystem(fixed), diskReader)).map((p) => p.code).sort();
    assert.deepEqual(codes, ['port-conflict', 'readme-not-found', 'readme-not-found']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a YAML warning alone does not hide the other findings', () => {
  const codes = checkEcosystem(parseEcosystem('services:\n  api:\n    readme: a/README.md\n    port: 8001\n  web:\n    readme: b/README.md\n    port: 8001\n')).map((p) => p.code);
  assert.deepEqual(codes, ['port-conflict']);
});
