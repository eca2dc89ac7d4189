import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { convertRequirement } from '../../core/markpact/convertRequirement';
import { POPULAR_PACKAGES } from '../../core/markpact/popularPackages';
import { repairRequirement } from '../../core/markpact/requirementRepair';
import { parseRequirement, type DepsEcosystem } from '../../core/markpact/requirements';

const repair = (line: string, ecosystem: DepsEcosystem = 'python', known: readonly string[] = POPULAR_PACKAGES[ecosystem]) => repairRequirement(line, ecosystem, known);

describe('near spellings of an invalid deps line', () => {
  test('Python version specifiers as people mistype them', () => {
    const cases: [string, string][] = [
      ['flask=3.0', 'flask==3.0'], ['flask => 3', 'flask>=3'], ['flask =< 3', 'flask<=3'], ['flask 3.0', 'flask==3.0'],
      ['Flask==3.0.', 'Flask==3.0'], ['requests>=2,', 'requests>=2'], ['django>=4 <5', 'django>=4,<5'], ['numpy==1.26;', 'numpy==1.26'],
      ['fastapi[all', 'fastapi[all]'], ['requests[socks>=2', 'requests[socks]>=2'], ['flask==', 'flask'],
    ];
    for (const [line, fixed] of cases) {
      assert.equal(parseRequirement(line, 'python').kind, 'invalid', line);
      assert.deepEqual(repair(line), [fixed], line);
    }
  });

  test('names: words joined into a known package, stray characters, a letter or two off', () => {
    assert.deepEqual(repair('scikit learn>=1.3'), ['scikit-learn>=1.3']);
    assert.deepEqual(repair('beautiful soup4'), ['beautifulsoup4']);
    assert.deepEqual(repair('fast api'), ['fastapi']);
    assert.deepEqual(repair('reqeusts!!'), ['requests', 'reqeusts']);
    assert.deepEqual(repair('py-yaml!'), ['pyyaml', 'py-yaml']);
    // Words that join into nothing known are no near spelling.
    assert.deepEqual(repair('my own thing'), []);
    // Names the dependency cache knows count as well as the built-in list.
    assert.deepEqual(repair('acme widgets', 'python', ['acme-widgets']), ['acme-widgets']);
  });

  test('install commands become their packages, one per line; npm versions go after @', () => {
    assert.deepEqual(repair('pip install flask requests'), ['flask\nrequests']);
    assert.deepEqual(repair('pip install -U flask'), ['flask']);
    assert.deepEqual(repair('npm install express cors', 'node'), ['express\ncors']);
    assert.deepEqual(repair('express 4', 'node'), ['express@4']);
    assert.deepEqual(repair('express ^4.18', 'node'), ['express@^4.18']);
    assert.deepEqual(repair('express@4 lodash', 'node'), ['express@4\nlodash']);
    assert.deepEqual(repair('socket io', 'node'), ['socket.io', 'socket\nio']);
  });

  test('every suggestion is valid for its installer, and a trailing comment is kept', () => {
    assert.deepEqual(repair('flask=3.0  # pinned'), ['flask==3.0  # pinned']);
    const lines = ['flask=3', 'fast api', 'x y z', 'flask~3', '==1.0', 'a' + '!'.repeat(500), '[', '@@@', '', 'pip install'];
    for (const ecosystem of ['python', 'node'] as const) {
      for (const line of lines) {
        for (const candidate of repair(line, ecosystem)) {
          for (const part of candidate.split('\n')) assert.notEqual(parseRequirement(part, ecosystem).kind, 'invalid', `${line} → ${candidate}`);
        }
      }
    }
  });

  test('bounded: long lines are not repaired, and only the first 5,000 known names are compared', () => {
    assert.deepEqual(repair(`fast api ${'x'.repeat(400)}`), []);
    const known = Array.from({ length: 100_000 }, (_, i) => `pkg${i}`);
    assert.deepEqual(repair('pkg1 2', 'node', known), ['pkg1@2']);
    // pkg99998 is past the bound, so it is not known: the nearest known name comes first.
    assert.deepEqual(repair('pkg99998!', 'python', known), ['pkg998', 'pkg99998']);
    assert.deepEqual(repair('pkg4998!', 'python', known), ['pkg4998']);
  });
});

describe('a deps line moved to the other ecosystem', () => {
  test('versions both can say are kept, others leave the name', () => {
    assert.equal(convertRequirement('express==4.18', 'python', 'node'), 'express@4.18');
    assert.equal(convertRequirement('express>=4', 'python', 'node'), 'express@>=4');
    assert.equal(convertRequirement('express~=4.1', 'python', 'node'), 'express');
    assert.equal(convertRequirement('flask@3.0', 'node', 'python'), 'flask==3.0');
    assert.equal(convertRequirement('flask@>=3', 'node', 'python'), 'flask>=3');
    assert.equal(convertRequirement('flask@^3', 'node', 'python'), 'flask');
    assert.equal(convertRequirement('  flask  ', 'node', 'node'), 'flask');
    assert.equal(convertRequirement('-r other.txt', 'python', 'node'), undefined);
  });
});
