import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { splitChunks } from '../../core/markpact/chunks';
import { parseInfoString } from '../../core/markpact/infoString';
import { parseMarkpact } from '../../core/markpact/parse';
import { referenceIncompatibilities } from '../../core/markpact/referenceCompat';
import { largeReadme } from '../../bench/largeReadme';

const f = '```';
const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

test('current-form header: language, kind, attributes and words with their places', () => {
  const info = 'python markpact:file path=app/main.py mode=644 extra';
  const h = parseInfoString(info, 10)!;
  assert.equal(h.form, 'current');
  assert.equal(h.lang, 'python');
  assert.equal(h.kind, 'file');
  assert.equal(h.meta, 'path=app/main.py mode=644 extra');
  assert.deepEqual(h.attributes.map((a) => [a.key, a.value]), [['path', 'app/main.py'], ['mode', '644']]);
  const padded = ' '.repeat(10) + info;
  assert.equal(at(padded, h.kindSpan), 'file');
  assert.equal(at(padded, h.markerSpan), 'markpact:file');
  assert.equal(at(padded, h.attributes[0].valueSpan), 'app/main.py');
  assert.equal(at(padded, h.attributes[0].keySpan), 'path');
  assert.deepEqual(h.words.map((w) => at(padded, w.span)), ['extra']);
});

test('legacy-form header has no language; its first word stays a word', () => {
  const h = parseInfoString('markpact:deps python', 0)!;
  assert.equal(h.form, 'legacy');
  assert.equal(h.lang, '');
  assert.deepEqual(h.words.map((w) => w.text), ['python']);
  assert.equal(parseInfoString('python main.py', 0), undefined);
  assert.equal(parseInfoString('', 0), undefined);
  assert.equal(parseInfoString('a b markpact:run', 0), undefined);
});

test('blocks inside lists and quotes get exact spans for body lines', () => {
  const text = `# T\n\n- item\n\n  ${f}bash markpact:run\n  echo one\n    indented\n  ${f}\n\n> ${f}text markpact:deps\n> flask\n> ${f}\n`;
  const doc = parseMarkpact(text);
  assert.equal(doc.blocks.length, 2);
  const [run, deps] = doc.blocks;
  assert.deepEqual(run.lines.map((l) => at(text, l.span)), ['echo one', '  indented']);
  assert.equal(run.body, 'echo one\n  indented');
  assert.equal(run.fence.indent, 2);
  assert.equal(at(text, run.fence.closeSpan!), f);
  assert.deepEqual(deps.lines.map((l) => at(text, l.span)), ['flask']);
});

test('CRLF files: spans exclude the carriage return', () => {
  const text = `${f}python markpact:file path=a.py\r\nprint(1)\r\nprint(2)\r\n${f}\r\n`;
  const doc = parseMarkpact(text);
  assert.equal(doc.lineEndings, 'crlf');
  assert.deepEqual(doc.blocks[0].lines.map((l) => at(text, l.span)), ['print(1)', 'print(2)']);
  assert.equal(at(text, doc.blocks[0].attributes[0].valueSpan), 'a.py');
  assert.equal(parseMarkpact('a\r\nb\nc').lineEndings, 'mixed');
  assert.equal(parseMarkpact('abc').lineEndings, 'lf');
});

test('unclosed fences run to the end; tildes and long fences are blocks', () => {
  const text = `~~~bash markpact:run\necho\n~~~\n\n${f}\`python markpact:file path=x.md\n${f}js\n${f}\`\n\n${f}text markpact:deps\nflask\n`;
  const doc = parseMarkpact(text);
  assert.deepEqual(doc.blocks.map((b) => [b.kind, b.fence.char, b.fence.size, !!b.fence.closeSpan]), [['run', '~', 3, true], ['file', '`', 4, true], ['deps', '`', 3, false]]);
  assert.equal(doc.blocks[1].body, `${f}js`);
  assert.deepEqual(doc.blocks[2].lines.map((l) => l.text), ['flask']);
});

test('include directives, several in one HTML block', () => {
  const text = `<!-- markpact:include path=a/README.md -->\n<!-- markpact:include path=b.md -->\n\ntext <!-- markpact:include path=c.md --> inline\n`;
  const doc = parseMarkpact(text);
  assert.deepEqual(doc.includes.map((i) => at(text, i.pathSpan)), ['a/README.md', 'b.md', 'c.md']);
  assert.equal(at(text, doc.includes[0].span), '<!-- markpact:include path=a/README.md -->');
});

/** The whole text in one remark parse, as the reference for chunked parsing. */
function wholeParse(text: string) {
  return unified().use(remarkParse).parse(text);
}

test('parsing in chunks gives exactly what one whole parse gives', () => {
  const tricky = [
    `# Doc\n\n<!--\ncomment\n\n${f}bash markpact:run\nnot a block\n${f}\n\n-->\n`,
    `<script>\nx\n\n${f}bash markpact:run\nno\n${f}\n\n</script>\n`,
    `- list\n\n  ${f}bash markpact:run\n  yes\n\n  still body\n  ${f}\n`,
    `${f}markdown\n${f}bash markpact:run\ninside\n\nmore\n`,
    `> quote\n\n${f}text markpact:deps\nflask\n${f}\n`,
  ];
  const filler = Array.from({ length: 60 }, (_, i) => `para ${i}\n`).join('\n');
  const corpusDir = join(process.cwd(), '..', 'shared', 'corpus', 'markpact', 'examples');
  const corpus = readdirSync(corpusDir).flatMap((d) => {
    try {
      return [readFileSync(join(corpusDir, d, 'README.md'), 'utf8')];
    } catch {
      return [];
    }
  });
  const texts = [largeReadme(2_000), ...corpus, tricky.join(filler) + filler, filler + tricky.reverse().join(filler)];
  for (const text of texts) {
    const chunks = splitChunks(text);
    assert.equal(chunks.map((c) => c.text).join(''), text);
    const chunked = parseMarkpact(text);
    const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
    const codes: { start: number; lang: string | null | undefined; value: string }[] = [];
    const visit = (node: { type: string; children?: unknown[]; position?: { start: { offset?: number } }; lang?: string | null; meta?: string | null; value?: string }) => {
      if (node.type === 'code' && (node.lang ?? '').concat(' ', node.meta ?? '').includes('markpact:')) codes.push({ start: node.position!.start.offset!, lang: node.lang, value: node.value! });
      for (const child of node.children ?? []) visit(child as typeof node);
    };
    visit(wholeParse(text));
    assert.deepEqual(chunked.blocks.map((b) => b.body), codes.map((c) => c.value));
    assert.deepEqual(chunked.blocks.map((b) => lineOf(b.span.start)), codes.map((c) => lineOf(c.start)));
  }
});

test('hostile input finishes and does not throw', () => {
  const unclosed = Array.from({ length: 5_000 }, (_, i) => `${f}bash markpact:run\necho ${i}`).join('\n');
  assert.equal(parseMarkpact(unclosed).blocks.length, 1);
  assert.doesNotThrow(() => parseMarkpact('\u0000\u0001\uFFFD'.repeat(10_000)));
  const tenMegabytes = largeReadme(200).repeat(Math.ceil((10 * 1024 * 1024) / largeReadme(200).length));
  assert.ok(parseMarkpact(tenMegabytes).blocks.length > 1_000);
});

test('blocks pactown reads differently are found, with the reason', () => {
  const text = [
    `~~~bash markpact:run\necho\n~~~`,
    `${f}c++ markpact:file path=a.cpp\nint x;\n${f}`,
    `${f}\`markdown markpact:file path=doc.md\nintro\n${f}js\nx\n${f}\n${f}\``,
    `${f}python markpact:file path=ok.py\nprint(1)\n${f}`,
    `- item\n\n  ${f}bash markpact:test shell\n  true\n  ${f}`,
  ].join('\n\n') + '\n';
  const doc = parseMarkpact(text);
  const reasons = referenceIncompatibilities(doc);
  assert.deepEqual(doc.blocks.map((b) => reasons.get(b)), ['tilde-fence', 'language-characters', 'early-close', undefined, 'indented-fence']);
});
