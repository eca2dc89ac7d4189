import assert from 'node:assert/strict';
import test from 'node:test';
import { checkReadme } from '../../core/diagnostics/readme';
import { insideCodeSpan } from '../../core/markpact/codeSpan';
import { resolveIncludes } from '../../core/markpact/include';
import { parseMarkpact } from '../../core/markpact/parse';

const f = '```';
const run = `${f}bash markpact:run\npython main.py\n${f}\n`;

test('insideCodeSpan: single and double backtick spans on the directive\'s line', () => {
  const at = (text: string) => insideCodeSpan(text, text.indexOf('<!--'), text.indexOf('-->') + 3);
  assert.equal(at('Use `<!-- markpact:include path=a.md -->` here'), true);
  assert.equal(at('Finds ``<!-- markpact:include path=a.md -->`` directives'), true);
  assert.equal(at('<!-- markpact:include path=a.md -->'), false);
  assert.equal(at('`code` then <!-- markpact:include path=a.md --> then `more`'), false, 'the spans before it are closed');
  assert.equal(at('``open <!-- markpact:include path=a.md --> ` no match'), false, 'no closing run of the same length');
});

test('an include in inline code: followed as markpact follows it, with a hint instead of include-not-found', async () => {
  const text = `# Docs\n\nUse \`<!-- markpact:include path=docs/API.md -->\` to pull in sub-READMEs.\n\n${run}`;
  const doc = parseMarkpact(text);
  assert.equal(doc.includes[0].inCodeSpan, true);

  const missing = await resolveIncludes('/p/README.md', doc, { readText: async () => undefined }, parseMarkpact);
  const problems = checkReadme(doc, { includes: missing });
  assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['include-in-code-span', 'hint']]);
  assert.match(problems[0].message, /^shown in inline code, but markpact's include regex follows it all the same .*: include target 'docs\/API\.md' not found/);

  const files: Record<string, string> = { '/p/docs/API.md': `${f}python markpact:file path=api.py\nx = 1\n${f}\n` };
  const found = await resolveIncludes('/p/README.md', doc, { readText: async (p) => files[p] }, parseMarkpact);
  assert.deepEqual(found.blocks.map((b) => b.kind), ['run', 'file'], 'its blocks are included, as markpact includes them');
  assert.deepEqual(checkReadme(doc, { includes: found }).map((p) => [p.code, p.severity, p.data?.reason]), [['include-in-code-span', 'hint', 'found']]);
});

test('a directive outside code keeps include-not-found', async () => {
  const doc = parseMarkpact(`<!-- markpact:include path=gone.md -->\n\n${run}`);
  const includes = await resolveIncludes('/p/README.md', doc, { readText: async () => undefined }, parseMarkpact);
  assert.deepEqual(checkReadme(doc, { includes }).map((p) => p.code), ['include-not-found']);
});
