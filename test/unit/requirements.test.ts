import assert from 'node:assert/strict';
import test from 'node:test';
import { normalizePythonName, parseRequirement, wellKnownEcosystem, type ParsedRequirement } from '../../core/markpact/requirements';

function invalid(line: string, ecosystem: 'python' | 'node' = 'python'): { message: string; text: string } {
  const r = parseRequirement(line, ecosystem);
  assert.equal(r.kind, 'invalid', `${line} should be invalid, got ${JSON.stringify(r)}`);
  const bad = r as Extract<ParsedRequirement, { kind: 'invalid' }>;
  return { message: bad.message, text: line.slice(bad.span.start, bad.span.end) };
}

function pkg(line: string, ecosystem: 'python' | 'node' = 'python') {
  const r = parseRequirement(line, ecosystem);
  assert.equal(r.kind, 'package', `${line} should be a package, got ${JSON.stringify(r)}`);
  return r as Extract<ParsedRequirement, { kind: 'package' }>;
}

test('PEP 508 requirements: names, extras, specifiers, URLs and markers', () => {
  assert.deepEqual(pkg('fastapi'), { kind: 'package', name: 'fastapi', normalizedName: 'fastapi', nameSpan: { start: 0, end: 7 }, spec: '' });
  const uvicorn = pkg('  uvicorn[standard] >=0.20, <1 ');
  assert.equal(uvicorn.name, 'uvicorn');
  assert.deepEqual(uvicorn.nameSpan, { start: 2, end: 9 });
  assert.equal(uvicorn.spec, '[standard] >=0.20, <1');
  assert.equal(pkg('Flask_SQLAlchemy==3.1.1  # pinned').normalizedName, 'flask-sqlalchemy');
  assert.equal(pkg('name @ https://example.org/name-1.0-py3-none-any.whl').spec, '@ https://example.org/name-1.0-py3-none-any.whl');
  assert.equal(pkg('pywin32>=300; sys_platform == "win32" and (python_version >= "3.8" or extra == \'x\')').name, 'pywin32');
  assert.equal(pkg('pkg (>=1.0)').spec, '(>=1.0)');
  assert.equal(pkg('requests[security,socks]==2.*').spec, '[security,socks]==2.*');
  assert.equal(pkg('pkg==1.0+local.1').spec, '==1.0+local.1');
  assert.equal(pkg('pkg===anything-goes').spec, '===anything-goes');
  assert.equal(pkg('pkg==1.0 --hash=sha256:abcd').spec, '==1.0');
  assert.equal(pkg('pkg==1.0 \\').spec, '==1.0', 'a continuation backslash is not part of the requirement');
});

test('PEP 503 name normalisation', () => {
  assert.equal(normalizePythonName('Foo.Bar__baz--Qux'), 'foo-bar-baz-qux');
});

test('invalid Python lines get precise messages and spans', () => {
  assert.deepEqual(invalid('fastapi=0.1'), { message: "'=' is not a version operator: use '==' for an exact version", text: '=' });
  assert.deepEqual(invalid('pkg=='), { message: "expected a version after '=='", text: '==' });
  assert.deepEqual(invalid('fastapi 0.100'), { message: "expected a version operator before '0.100' (for example fastapi==0.100)", text: '0.100' });
  assert.deepEqual(invalid('numpy>=1.0 pandas'), { message: "'pandas' looks like a second package: write one requirement per line", text: 'pandas' });
  assert.equal(invalid('uvicorn[standard').message, "expected ']' to close the extras");
  assert.equal(invalid('pkg; python_version >= "3.8').message, 'unterminated string: expected a closing "');
  assert.deepEqual(invalid('pkg>=1.0.*'), { message: "'>=1.0.*': a '.*' wildcard is only allowed after == or !=", text: '1.0.*' });
  assert.match(invalid('pkg~=1').message, /two release segments/);
  assert.match(invalid('pkg>=1.0+local').message, /local version label/);
  assert.match(invalid('pkg>=banana').message, /not a valid version/);
  assert.match(invalid('pkg>=1,').message, /after ','/);
  assert.deepEqual(invalid('zależność1'), { message: "'ż' is not allowed in a package name (ASCII letters, digits, '.', '-' and '_' only)", text: 'ż' });
  assert.equal(invalid('pkg-').message, 'a package name must end with a letter or digit');
  assert.deepEqual(invalid('pkg; python == "3"').text, 'python');
  assert.match(invalid('name @ notaurl').message, /is not a URL/);
  assert.match(invalid('pip install fastapi uvicorn').message, /is a command.*\(fastapi, uvicorn\)/);
  assert.equal(invalid('\\```').message, "expected a package name, found '\\'");
});

test('pip requirement-file lines: comments, options and locations', () => {
  assert.deepEqual(parseRequirement('# just a comment', 'python'), { kind: 'comment' });
  assert.deepEqual(parseRequirement('   ', 'python'), { kind: 'comment' });
  assert.deepEqual(parseRequirement('-r other.txt', 'python'), { kind: 'option', option: '-r', value: 'other.txt' });
  assert.deepEqual(parseRequirement('-rother.txt', 'python'), { kind: 'option', option: '-r', value: 'other.txt' });
  assert.deepEqual(parseRequirement('--index-url=https://pypi.example/simple', 'python'), { kind: 'option', option: '--index-url', value: 'https://pypi.example/simple' });
  assert.deepEqual(parseRequirement('--extra-index-url https://x  # mirror', 'python'), { kind: 'option', option: '--extra-index-url', value: 'https://x' });
  assert.deepEqual(parseRequirement('--pre', 'python'), { kind: 'option', option: '--pre' });
  assert.deepEqual(parseRequirement('-e git+https://github.com/a/b#egg=b', 'python'), { kind: 'option', option: '-e', value: 'git+https://github.com/a/b#egg=b' });
  assert.deepEqual(invalid('--frobnicate'), { message: "pip does not accept '--frobnicate' in a requirements file", text: '--frobnicate' });
  assert.deepEqual(invalid('-i'), { message: "expected a value after '-i'", text: '-i' });
  assert.equal(invalid('--pre=yes').message, "'--pre' takes no value");
  assert.deepEqual(parseRequirement('https://x.org/pkgs/my_pkg-1.0-py3-none-any.whl', 'python'), { kind: 'location', target: 'https://x.org/pkgs/my_pkg-1.0-py3-none-any.whl', name: 'my_pkg', normalizedName: 'my-pkg' });
  assert.deepEqual(parseRequirement('./dist/pkg.tar.gz', 'python'), { kind: 'location', target: './dist/pkg.tar.gz' });
  assert.deepEqual(parseRequirement('git+https://github.com/a/b#egg=Bee', 'python'), { kind: 'location', target: 'git+https://github.com/a/b#egg=Bee', name: 'Bee', normalizedName: 'bee' });
});

test('Node lines: first word, validated by npm-package-arg', () => {
  assert.deepEqual(pkg('express', 'node'), { kind: 'package', name: 'express', normalizedName: 'express', nameSpan: { start: 0, end: 7 }, spec: '' });
  assert.equal(pkg('express@^4.18', 'node').spec, '^4.18');
  assert.deepEqual(pkg('@types/node@20', 'node').nameSpan, { start: 0, end: 11 });
  assert.equal(pkg('Express  # web', 'node').normalizedName, 'express');
  assert.deepEqual(parseRequirement('# dev tools', 'node'), { kind: 'comment' });
  assert.deepEqual(invalid('express ^4.18', 'node'), { message: "only the first word of a line is read, so '^4.18' is ignored and the latest 'express' is installed: write express@^4.18", text: '^4.18' });
  assert.equal(invalid('express cors', 'node').text, 'cors');
  assert.match(invalid('café', 'node').message, /Invalid tag name|name/);
  assert.match(invalid('./local', 'node').message, /has no package name/);
  assert.match(invalid('npm install express', 'node').message, /is a command/);
});

test('well-known packages of one ecosystem', () => {
  assert.equal(wellKnownEcosystem('Express'), 'node');
  assert.equal(wellKnownEcosystem('socket.io'), 'node');
  assert.equal(wellKnownEcosystem('@types/react'), 'node');
  assert.equal(wellKnownEcosystem('FastAPI'), 'python');
  assert.equal(wellKnownEcosystem('uvicorn'), 'python');
  assert.equal(wellKnownEcosystem('left-pad'), undefined);
});

