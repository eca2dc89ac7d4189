import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

// Snapshot test for syntaxes/markpact.injection.tmLanguage.json. Run with UPDATE_SNAPSHOTS=1 to
// rewrite test/grammar-fixtures/*.snap after an intended grammar change.

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'grammar-fixtures');
const injectionPath = join(root, 'syntaxes', 'markpact.injection.tmLanguage.json');
const injectionScope = 'markdown.markpact.injection';

interface Token {
  text: string;
  scopes: string[];
}

/** Stand-in grammars (Markdown base + embedded languages) indexed by their scopeName. */
function dummyGrammarFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.tmLanguage-dummy.json'))) {
    const path = join(fixtures, name);
    const { scopeName } = JSON.parse(readFileSync(path, 'utf8')) as { scopeName: string };
    files.set(scopeName, path);
  }
  return files;
}

let grammarPromise: Promise<IGrammar> | undefined;

/** The Markdown stand-in grammar with the markpact injection attached (loaded once). */
function markdownGrammar(): Promise<IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const files = dummyGrammarFiles();
    files.set(injectionScope, injectionPath);
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new OnigScanner(patterns),
        createOnigString: (text: string) => new OnigString(text),
      }),
      // No stand-in (go, toml, ...) means null; vscode-textmate then drops that body rule, as VS Code
      // does when the language's extension is missing, so those bodies stay plain in the snapshots.
      loadGrammar: async (scopeName) => {
        const path = files.get(scopeName);
        return path ? parseRawGrammar(readFileSync(path, 'utf8'), path) : null;
      },
      getInjections: (scopeName) => (scopeName === 'text.html.markdown' ? [injectionScope] : undefined),
    });
    const grammar = await registry.loadGrammar('text.html.markdown');
    if (!grammar) throw new Error('markdown stand-in grammar did not load');
    return grammar;
  })();
  return grammarPromise;
}

/** Tokenizes a document line by line, carrying the rule stack across lines. */
async function tokenize(text: string): Promise<Token[][]> {
  const grammar = await markdownGrammar();
  let stack = INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

function snapshotOf(lines: Token[][]): string {
  const out: string[] = [];
  for (const tokens of lines) {
    for (const t of tokens) out.push(`${JSON.stringify(t.text)}\t${t.scopes.join(' ')}`);
  }
  return out.join('\n') + '\n';
}

/** The scopes of the first token on `line` whose text is exactly `text`. */
function scopesOf(lines: Token[][], line: number, text: string): string[] {
  const token = lines[line]?.find((t) => t.text === text);
  assert.ok(token, `no token ${JSON.stringify(text)} on line ${line}: ${JSON.stringify(lines[line])}`);
  return token.scopes;
}

function allScopes(tokens: Token[] | undefined): string[] {
  assert.ok(tokens, 'line out of range');
  return tokens.flatMap((t) => t.scopes);
}

for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.md'))) {
  test(`snapshot: ${name}`, async () => {
    const actual = snapshotOf(await tokenize(readFileSync(join(fixtures, name), 'utf8')));
    const snapPath = join(fixtures, name.replace(/\.md$/, '.snap'));
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      writeFileSync(snapPath, actual);
      return;
    }
    assert.ok(existsSync(snapPath), `${snapPath} is missing; run with UPDATE_SNAPSHOTS=1`);
    assert.equal(actual, readFileSync(snapPath, 'utf8'));
  });
}

test('current form: fence, language, keyword, kind and attributes get their scopes', async () => {
  const lines = await tokenize('```python markpact:file path=app/main.py\nimport os\n```\n');
  assert.ok(scopesOf(lines, 0, '```').includes('punctuation.definition.markdown'));
  assert.ok(scopesOf(lines, 0, 'python').includes('fenced_code.block.language.markdown'));
  assert.ok(scopesOf(lines, 0, 'markpact').includes('keyword.other.markpact'));
  assert.ok(scopesOf(lines, 0, 'file').includes('entity.name.type.markpact.file'));
  assert.ok(scopesOf(lines, 0, 'path').includes('entity.other.attribute-name.markpact'));
  assert.ok(scopesOf(lines, 0, 'app/main.py').includes('string.unquoted.markpact'));
  assert.ok(scopesOf(lines, 2, '```').includes('punctuation.definition.markdown'));
});

test('the body embeds the fence language grammar', async () => {
  const lines = await tokenize('```python markpact:file path=main.py\ndef main():\n```\nimport after\n');
  const def = scopesOf(lines, 1, 'def');
  assert.ok(def.includes('meta.embedded.block.python'));
  assert.ok(def.includes('keyword.control.python'), 'source.python was not included');
  assert.ok(!allScopes(lines[3]).some((s) => s.includes('python')), 'the block did not end at its closing fence');

  const js = await tokenize('```js markpact:run\nconst x = 1\n```\n');
  assert.deepEqual(scopesOf(js, 1, 'const').slice(-2), ['meta.embedded.block.javascript', 'storage.type.js']);
  const sh = await tokenize('```bash markpact:run\necho hi\n```\n');
  assert.ok(scopesOf(sh, 1, 'echo').includes('support.function.builtin.shell'));
});

test('legacy form: the first meta word is the language and drives the embedding', async () => {
  const lines = await tokenize('```markpact:deps python\nimport x\n```\n');
  assert.ok(scopesOf(lines, 0, 'deps').includes('entity.name.type.markpact.deps'));
  assert.ok(scopesOf(lines, 0, 'python').includes('fenced_code.block.language.markdown'));
  assert.ok(scopesOf(lines, 1, 'import').includes('meta.embedded.block.python'));

  const http = await tokenize('```markpact:test http\nGET / EXPECT 200\n```\n');
  assert.ok(scopesOf(http, 0, 'http').includes('support.constant.scope.markpact'));
  assert.ok(!allScopes(http[1]).some((s) => s.startsWith('meta.embedded')));
});

test('known and unknown kinds get different scopes', async () => {
  const known = await tokenize('```text markpact:healthcheck\n```\n');
  assert.ok(scopesOf(known, 0, 'healthcheck').includes('entity.name.type.markpact.healthcheck'));
  const unknown = await tokenize('```python markpact:widget\n```\n');
  const scopes = scopesOf(unknown, 0, 'widget');
  assert.ok(scopes.includes('entity.name.type.markpact.unknown'));
  assert.ok(!scopes.some((s) => s.startsWith('invalid')));
});

test('a plain fence and its body get no markpact scope', async () => {
  for (const doc of ['```python\nimport plain\n```\n', '```python main.py\nimport plain\n```\n', '```python markpact:my-kind\nimport plain\n```\n']) {
    const lines = await tokenize(doc);
    const scopes = lines.flatMap(allScopes);
    assert.ok(scopes.includes('markup.fenced_code.block.markdown'), 'the base grammar should own the fence');
    assert.ok(!scopes.some((s) => s.includes('markpact') || s.startsWith('meta.embedded')), doc);
  }
});

test('markpact headers inside a plain fence are not highlighted', async () => {
  const lines = await tokenize('````markdown\n```python markpact:file path=x.py\nimport x\n```\n````\n');
  assert.ok(!lines.flatMap(allScopes).some((s) => s.includes('markpact')));
});

test('the block ends only at a fence of the same character and at least the same length', async () => {
  const tilde = await tokenize('~~~python markpact:run\n```\nimport still\n~~~\nimport after\n');
  assert.ok(scopesOf(tilde, 1, '```').includes('meta.embedded.block.python'), 'a non-closing fence line stays body');
  assert.ok(scopesOf(tilde, 2, 'import').includes('meta.embedded.block.python'));
  assert.ok(!allScopes(tilde[4]).includes('meta.block.markpact'));

  const four = await tokenize('````python markpact:run\n```\nimport still\n`````\nimport after\n');
  assert.ok(scopesOf(four, 2, 'import').includes('meta.embedded.block.python'));
  assert.ok(scopesOf(four, 3, '`````').includes('punctuation.definition.markdown'));
  assert.ok(!allScopes(four[4]).includes('meta.block.markpact'));
});

test('an unclosed construct in the body cannot swallow the closing fence', async () => {
  const lines = await tokenize('```python markpact:run\n"""open docstring\n```\nimport after\n');
  assert.ok(scopesOf(lines, 1, '"""').includes('string.quoted.docstring.python'));
  assert.ok(scopesOf(lines, 2, '```').includes('punctuation.definition.markdown'));
  assert.ok(!allScopes(lines[3]).includes('meta.block.markpact'));
});

test('indentation: 0-3 spaces open a block, 4 spaces do not', async () => {
  const three = await tokenize('   ```sh markpact:run\necho hi\n   ```\n');
  assert.ok(scopesOf(three, 0, 'run').includes('entity.name.type.markpact.run'));
  const four = await tokenize('    ```sh markpact:run\necho hi\n    ```\n');
  assert.ok(!four.flatMap(allScopes).some((s) => s.includes('markpact')));
});

test("the committed grammar is the generator's output", async () => {
  const { grammarText } = await import('../../scripts/generate-grammar.mjs');
  assert.equal(readFileSync(injectionPath, 'utf8'), grammarText);
});
