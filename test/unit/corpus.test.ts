import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { parseMarkpact } from '../../core/markpact/parse';
import { parseReference } from '../../core/markpact/referenceParser';

// The corpus of real markpact READMEs (../shared/corpus) and the blocks the reference two-regex
// parser extracts from each (MANIFEST.json). Our reference port must match it exactly; our
// CommonMark parser must match it too, except where we deliberately read differently:
//
// | file               | manifest block       | why we differ                                                        |
// |--------------------|----------------------|----------------------------------------------------------------------|
// | examples/README.md | deps text python     | an illustrative example escaped as \``` inside a ```markdown fence;  |
// |                    | run bash             | CommonMark sees one markdown code block, not runnable blocks         |
//
// Order is compared as a set: the reference lists new-format blocks before legacy ones, we keep
// document order.
const deliberateDifferences: Record<string, string[]> = {
  'markpact/examples/README.md': ['deps|text|python', 'run|bash|'],
};

const corpus = join(process.cwd(), '..', 'shared', 'corpus');
const manifest = JSON.parse(readFileSync(join(corpus, 'MANIFEST.json'), 'utf8')) as {
  files: { corpus_path: string; sha256: string; blocks_two_regex_parser: Summary[] }[];
};

interface Summary {
  kind: string;
  lang: string;
  meta: string;
  body_lines: number;
  body_sha256_16: string;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const strip = (s: string) => s.replace(/^\s+|\s+$/gu, '');
const summary = (kind: string, lang: string, meta: string, body: string): Summary => {
  const stripped = strip(body);
  return { kind, lang, meta, body_lines: stripped ? stripped.split('\n').length : 0, body_sha256_16: sha(stripped).slice(0, 16) };
};
const key = (s: Summary) => JSON.stringify(s);

test('the corpus has the files the manifest describes', () => {
  assert.ok(manifest.files.length >= 20);
  for (const file of manifest.files) assert.equal(sha(readFileSync(join(corpus, file.corpus_path), 'utf8')), file.sha256, file.corpus_path);
});

for (const file of manifest.files) {
  const text = readFileSync(join(corpus, file.corpus_path), 'utf8');

  test(`reference port matches the manifest exactly: ${file.corpus_path}`, () => {
    assert.deepEqual(parseReference(text).map((b) => summary(b.kind, b.lang, b.meta, b.body)), file.blocks_two_regex_parser);
  });

  test(`CommonMark parser agrees with the reference except where documented: ${file.corpus_path}`, () => {
    const ours = parseMarkpact(text).blocks.map((b) => summary(b.kind, b.lang, b.meta, b.body));
    const expected = file.blocks_two_regex_parser;
    const missing = expected.filter((e) => !ours.some((o) => key(o) === key(e))).map((s) => `${s.kind}|${s.lang}|${s.meta}`);
    const extra = ours.filter((o) => !expected.some((e) => key(o) === key(e)));
    assert.deepEqual(missing.sort(), (deliberateDifferences[file.corpus_path] ?? []).sort());
    assert.deepEqual(extra, []);
  });
}
