import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fence, serverSession, tempWorkspace } from './fixtures';
import type { LspTestClient } from './lspClient';

const items = (result: CompletionList | CompletionItem[] | null) => (Array.isArray(result) ? result : (result?.items ?? []));
const PORT = '${MARKPACT_PORT:-8000}';

/** A cache folder whose package summary knows one name no built-in list has. */
function cacheWith(root: string, names: { python?: string[]; node?: string[] }): string {
  const dir = join(root, '.cache');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'packages.json'), JSON.stringify({ python: names.python ?? [], node: names.node ?? [] }));
  return dir;
}

describe('whole blocks and run commands as completions', () => {
  const { ws, client: server } = serverSession({});
  const complete = async (name: string, text: string, line: number, character: number) => {
    const uri = ws.uri(name);
    await server().open(uri, 'markdown', text);
    return items(await server().request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character } }));
  };
  const edit = (item: CompletionItem | undefined) => (item?.textEdit as TextEdit | undefined)?.newText;

  test('an empty README gets whole blocks with the fence, tab stops and the closing fence', async () => {
    const list = await complete('empty/README.md', '', 0, 0);
    const file = list.find((i) => i.label === 'file block');
    assert.equal(edit(file), `${fence}\${1:python} markpact:file path=\${2:main.py}\n$0\n${fence}`);
    assert.equal(file?.insertTextFormat, 2, 'snippet syntax');
    assert.equal(edit(list.find((i) => i.label === 'deps block (Python)')), `${fence}text markpact:deps python\n$0\n${fence}`);
    assert.equal(edit(list.find((i) => i.label === 'deps block (Node)')), `${fence}node markpact:deps\n$0\n${fence}`);
    assert.equal(edit(list.find((i) => i.label === 'run block')), `${fence}bash markpact:run\n\${1:command}\n${fence}`);
    assert.deepEqual(list.map((i) => i.label).filter((l) => !String(l).endsWith('block') && !String(l).includes('block (')), [], 'only blocks in an empty README');
  });

  test('after a bare fence: blocks first, filtered by their kind, then languages; the closing fence only when none follows', async () => {
    const list = await complete('open/README.md', `# Notes\n\n${fence}fi\n\nSome prose.\n`, 2, 5);
    const file = list.find((i) => i.label === 'file block')!;
    assert.equal(file.filterText, 'file');
    assert.deepEqual((file.textEdit as TextEdit).range, { start: { line: 2, character: 3 }, end: { line: 2, character: 5 } });
    assert.equal(edit(file), `\${1:python} markpact:file path=\${2:main.py}\n$0\n${fence}`);
    assert.deepEqual(list.filter((i) => i.filterText === 'deps').map((i) => i.label), ['deps block (Python)', 'deps block (Node)']);
    const python = list.find((i) => i.label === 'python')!;
    assert.ok(file.sortText! < python.sortText!, 'blocks sort before languages');

    // The same fence above a block that is already closed gets the header only.
    const closed = await complete('closed/README.md', `${fence}\nprint(1)\n${fence}\n`, 0, 3);
    assert.equal(edit(closed.find((i) => i.label === 'file block')), '${1:python} markpact:file path=${2:main.py}');
    // A fence followed by another block's opening fence is not closed by it.
    const before = await complete('before/README.md', `${fence}\n\n${fence}bash markpact:run\npython3 a.py\n${fence}\n`, 0, 3);
    assert.equal(edit(before.find((i) => i.label === 'test block')), `text markpact:test http\nGET \${1:/} EXPECT \${2:200}\n${fence}`);
  });

  test('after a language, markpact:<kind> with its attributes, in a block quote the body keeps the quote', async () => {
    const js = await complete('lang/README.md', `${fence}javascript mark\n`, 0, 17);
    assert.equal(edit(js.find((i) => i.label === 'markpact:file')), `markpact:file path=\${1:index.js}\n$0\n${fence}`);
    assert.equal(edit(js.find((i) => i.label === 'markpact:deps')), `markpact:deps\n$0\n${fence}`);
    const text = await complete('lang2/README.md', `${fence}text markpact:de\n`, 0, 18);
    assert.equal(edit(text.find((i) => i.label === 'deps')), `deps python\n$0\n${fence}`);
    const quoted = await complete('quote/README.md', `> ${fence}python \n`, 0, 12);
    assert.equal(edit(quoted.find((i) => i.label === 'markpact:file')), `markpact:file path=\${1:main.py}\n> $0\n> ${fence}`);
  });

  test('run: offered once per README, with the commands its files suggest as a choice; in a run block, those commands', async () => {
    const readme = `${fence}python markpact:file path=app/main.py\nfrom fastapi import FastAPI\napp = FastAPI()\n${fence}\n\n${fence}\n`;
    const list = await complete('api/README.md', readme, 5, 3);
    assert.equal(edit(list.find((i) => i.label === 'run block')), `bash markpact:run\n\${1|uvicorn app.main:app --port ${PORT},python3 app/main.py|}\n${fence}`);
    const withRun = await complete('ran/README.md', `${fence}bash markpact:run\npython3 a.py\n${fence}\n\n${fence}\n`, 4, 3);
    assert.ok(!withRun.some((i) => i.label === 'run block'), 'a second run block is not offered');
    assert.ok(withRun.some((i) => i.label === 'file block'));
    const inBody = await complete('body/README.md', `${fence}python markpact:file path=server.js\nrequire('http').createServer().listen(1)\n${fence}\n\n${fence}bash markpact:run\n  no\n${fence}\n`, 5, 4);
    assert.deepEqual(inBody.map((i) => [i.label, (i.textEdit as TextEdit).range]), [['node server.js', { start: { line: 5, character: 2 }, end: { line: 5, character: 4 } }]]);
  });

  test('nothing in prose, in file bodies, or where other words follow', async () => {
    assert.deepEqual(await complete('prose/README.md', 'Some text\n', 0, 4), []);
    assert.deepEqual(await complete('filebody/README.md', `${fence}python markpact:file path=a.py\nx\n${fence}\n`, 1, 1), []);
    const mid = await complete('mid/README.md', `${fence}py markpact:file path=a.py\n`, 0, 5);
    assert.ok(!mid.some((i) => String(i.label).includes('block')), 'no whole block replaces a header that has more words');
  });
});

describe('quick fixes that remove their diagnostic', () => {
  const ws = tempWorkspace({});
  after(() => ws.remove());
  const cache = cacheWith(ws.root, { python: ['acme-widgets'] });
  const { client: server } = serverSession({}, { cacheDirectory: cache });
  let counter = 0;

  /** Opens the text, asks for the fixes of the first diagnostic with this code, and re-validates the document each fix produces. */
  async function eachFix(text: string, code: string): Promise<{ actions: CodeAction[]; results: { action: CodeAction; text: string; diagnostics: Diagnostic[] }[] }> {
    const uri = ws.uri(`fix${++counter}/README.md`);
    const client: LspTestClient = server();
    await client.open(uri, 'markdown', text);
    const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === code);
    assert.ok(diagnostic, `a ${code} diagnostic`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const results = [];
    for (const action of actions) {
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), action.edit!.changes![uri]);
      const diagnostics = await client.diagnostics(uri, await client.change(uri, fixed));
      assert.ok(!diagnostics.some((d) => d.code === code && d.range.start.line === diagnostic.range.start.line), `'${action.title}' leaves ${code}:\n${fixed}`);
      results.push({ action, text: fixed, diagnostics });
    }
    return { actions, results };
  }

  test('no-run: a run block inferred from the files, the most specific one preferred', async () => {
    // app/api.py is no name pactown guesses a command from (main.py, app.py, …).
    const text = `# API\n\n${fence}text markpact:deps python\nfastapi\n${fence}\n\n${fence}python markpact:file path=app/api.py\nfrom fastapi import FastAPI\napp = FastAPI()\n${fence}\n`;
    const { actions, results } = await eachFix(text, 'no-run');
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [[`Add a run block: uvicorn app.api:app --port ${PORT}`, true], ['Add a run block: python3 app/api.py', false]]);
    assert.equal(results[0].text, `${text.slice(0, -1)}\n\n${fence}bash markpact:run\nuvicorn app.api:app --port ${PORT}\n${fence}\n`);
  });

  test('multiple-run: remove the later block (preferred), or keep only it', async () => {
    const text = `# A\n\n${fence}bash markpact:run\npython3 a.py\n${fence}\n\n${fence}bash markpact:run\npython3 b.py\n${fence}\n\nEnd.\n`;
    const { actions, results } = await eachFix(text, 'multiple-run');
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Remove this run block (pactown runs the first one)', true], ['Keep only this run block', false]]);
    assert.equal(results[0].text, `# A\n\n${fence}bash markpact:run\npython3 a.py\n${fence}\n\nEnd.\n`);
    assert.equal(results[1].text, `# A\n\n${fence}bash markpact:run\npython3 b.py\n${fence}\n\nEnd.\n`);
    assert.ok(!results.some((r) => r.diagnostics.some((d) => d.code === 'multiple-run')));
  });

  test('deps-ecosystem-mismatch: the line moves to the deps block of its ecosystem, or a new one; a block of that one line changes language', async () => {
    const run = `${fence}bash markpact:run\npython3 app.py\n${fence}\n`;
    const toExisting = await eachFix(`${fence}text markpact:deps python\nflask==3.0\nexpress==4.18\n${fence}\n\n${fence}node markpact:deps\nlodash\n${fence}\n\n${run}`, 'deps-ecosystem-mismatch');
    assert.equal(toExisting.actions[0].title, "Move 'express' to the node deps block");
    assert.equal(toExisting.results[0].text, `${fence}text markpact:deps python\nflask==3.0\n${fence}\n\n${fence}node markpact:deps\nlodash\nexpress@4.18\n${fence}\n\n${run}`);
    const toNew = await eachFix(`${fence}node markpact:deps\nexpress\nrequests@2.31\n${fence}\n\n${run}`, 'deps-ecosystem-mismatch');
    assert.equal(toNew.results[0].text, `${fence}node markpact:deps\nexpress\n${fence}\n\n${fence}text markpact:deps python\nrequests==2.31\n${fence}\n\n${run}`);
    assert.equal(toNew.actions[0].title, "Move 'requests' to a new python deps block");
    const relabel = await eachFix(`${fence}text markpact:deps python\nexpress==4.18\n${fence}\n\n${run}`, 'deps-ecosystem-mismatch');
    assert.equal(relabel.actions[0].title, 'Make this a node deps block (```node markpact:deps)');
    assert.equal(relabel.results[0].text, `${fence}node markpact:deps\nexpress@4.18\n${fence}\n\n${run}`);
    assert.ok(toExisting.actions.every((a) => a.isPreferred));
  });

  test('invalid-requirement: near spellings, preferred only when there is one; names from the dependency cache count', async () => {
    const wrap = (line: string) => `${fence}text markpact:deps python\n${line}\n${fence}\n\n${fence}bash markpact:run\npython3 app.py\n${fence}\n`;
    const operator = await eachFix(wrap('flask=3.0'), 'invalid-requirement');
    assert.deepEqual(operator.actions.map((a) => [a.title, a.isPreferred]), [["Change to 'flask==3.0'", true]]);
    const joined = await eachFix(wrap('scikit learn>=1.3'), 'invalid-requirement');
    assert.equal(joined.results[0].text, wrap('scikit-learn>=1.3'));
    const two = await eachFix(wrap('reqeusts!!'), 'invalid-requirement');
    assert.deepEqual(two.actions.map((a) => [a.title, a.isPreferred]), [["Change to 'requests'", false], ["Change to 'reqeusts'", false]]);
    const cached = await eachFix(wrap('acme widgets'), 'invalid-requirement');
    assert.deepEqual(cached.actions.map((a) => a.title), ["Change to 'acme-widgets'"]);
    const command = await eachFix(wrap('pip install flask requests'), 'invalid-requirement');
    assert.equal(command.results[0].text, wrap('flask\nrequests'));
  });
});

const ecosystem = [
  'name: shop',
  'services:',
  '  inventory:',
  '    readme: inventory/README.md',
  '  quotes:',
  '    readme: quotes/README.md',
  '  storefront:',
  '    readme: storefront/README.md',
  '    depends_on:',
  '      - inventory',
  '      - name: quotes',
  '        env_var: QUOTES_API',
  '  worker:',
  '    readme: worker/README.md',
  '    depends_on: [inventory@1.0, ghost]',
  '    env:',
  '      INVENTORY_URL: http://127.0.0.1:9',
  '  "legacy":',
  '    depends_on: [quotes]',
  '  cache: {port: 9300}',
  '  external:',
  '    readme: worker/README.md',
  '    depends_on: [{name: billing, registry: central}]',
  '',
].join('\n');

const storefront = [
  '# storefront',
  '',
  'Reads `INVENTORY_URL` (from depends_on).',
  '',
  `${fence}javascript markpact:file path=server.js`,
  'const stock = process.env.INVENTORY_URL + "/books";',
  'const mine = process.env.MY_INVENTORY_URL;',
  'const quote = process.env.QUOTES_URL || process.env.QUOTES_API;',
  fence,
  '',
  `${fence}bash markpact:run`,
  'INVENTORY_HOST=$INVENTORY_HOST node server.js',
  fence,
  '',
].join('\n');

const worker = `${fence}bash markpact:run\necho $INVENTORY_URL $INVENTORY_PORT\n${fence}\n`;

describe('rename a service (F2) across its ecosystem file and READMEs', () => {
  const files = {
    'shop.pactown.yaml': ecosystem,
    'inventory/README.md': `${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`,
    'quotes/README.md': `${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`,
    'storefront/README.md': storefront,
    'worker/README.md': worker,
    'legacy/README.md': `${fence}bash markpact:run\necho $QUOTES_URL\n${fence}\n`,
  };
  const { ws, client: server } = serverSession(files);
  const yaml = ws.uri('shop.pactown.yaml');
  const at = (line: number, character: number) => ({ textDocument: { uri: yaml }, position: { line, character } });
  const refusal = async (method: string, params: object) => {
    const error = await server().request(method, params).then(() => undefined, (e: Error) => e);
    assert.ok(error, `${method} is refused`);
    return error.message;
  };
  /** The texts after a WorkspaceEdit, for every file it changes. */
  const applied = (edit: WorkspaceEdit) => Object.fromEntries(Object.entries(edit.changes ?? {}).map(([uri, edits]) => {
    const name = Object.keys(files).find((n) => ws.uri(n) === uri)!;
    const text = uri === yaml ? ecosystem : readFileSync(ws.path(name), 'utf8');
    return [name, TextDocument.applyEdits(TextDocument.create(uri, 'x', 1, text), edits)];
  }));

  test('prepareRename gives the name without quotes; elsewhere it says why not', async () => {
    await server().open(yaml, 'pactown', ecosystem);
    assert.deepEqual(await server().request('textDocument/prepareRename', at(9, 10)), { range: { start: { line: 9, character: 8 }, end: { line: 9, character: 17 } }, placeholder: 'inventory' });
    assert.deepEqual(await server().request('textDocument/prepareRename', at(17, 5)), { range: { start: { line: 17, character: 3 }, end: { line: 17, character: 9 } }, placeholder: 'legacy' });
    assert.match(await refusal('textDocument/prepareRename', at(3, 6)), /Put the cursor on a service's key under services: or on a depends_on entry/);
    assert.match(await refusal('textDocument/prepareRename', at(14, 35)), /'ghost' is not a service of this ecosystem/);
    assert.match(await refusal('textDocument/prepareRename', at(22, 25)), /'billing' is an external dependency \(registry 'central'\)/);
    const readme = ws.uri('storefront/README.md');
    await server().open(readme, 'markdown', storefront);
    assert.match(await refusal('textDocument/prepareRename', { textDocument: { uri: readme }, position: { line: 5, character: 32 } }), /Services are renamed in their ecosystem file/);
  });

  test('from a depends_on entry: the key, every entry (list, mapping and name@version forms), and the variables the READMEs read from it', async () => {
    await server().open(yaml, 'pactown', ecosystem);
    const edit = await server().request<WorkspaceEdit>('textDocument/rename', { ...at(9, 10), newName: 'stock' });
    const renamed = applied(edit);
    assert.deepEqual(Object.keys(renamed).sort(), ['shop.pactown.yaml', 'storefront/README.md', 'worker/README.md']);
    assert.equal(renamed['shop.pactown.yaml'], ecosystem.replace('  inventory:', '  stock:').replace('- inventory\n', '- stock\n').replace('[inventory@1.0', '[stock@1.0'));
    // Prose and other names are left alone; INVENTORY_HOST= assigns a variable of the same name, which is the dependency's too.
    assert.equal(renamed['storefront/README.md'], storefront.replace('env.INVENTORY_URL', 'env.STOCK_URL').replace('INVENTORY_HOST=$INVENTORY_HOST', 'STOCK_HOST=$STOCK_HOST'));
    // worker sets INVENTORY_URL in its env:, so only INVENTORY_PORT comes from the dependency.
    assert.equal(renamed['worker/README.md'], worker.replace('$INVENTORY_PORT', '$STOCK_PORT'));
    assert.equal(edit.changes![ws.uri('storefront/README.md')].length, 3);
  });

  test('from the key: an env_var keeps its own name; a service without readme: keeps its README', async () => {
    await server().open(yaml, 'pactown', ecosystem);
    const quotes = applied(await server().request<WorkspaceEdit>('textDocument/rename', { ...at(4, 4), newName: 'citations' }));
    assert.equal(quotes['storefront/README.md'], storefront.replace('env.QUOTES_URL', 'env.CITATIONS_URL'));
    assert.equal(quotes['legacy/README.md'], `${fence}bash markpact:run\necho $CITATIONS_URL\n${fence}\n`);
    assert.match(quotes['shop.pactown.yaml'], /^ {2}citations:\n {4}readme: quotes\/README.md\n/m);
    assert.match(quotes['shop.pactown.yaml'], /- name: citations\n {8}env_var: QUOTES_API\n/);
    const legacy = applied(await server().request<WorkspaceEdit>('textDocument/rename', { ...at(17, 5), newName: 'old-app' }));
    assert.match(legacy['shop.pactown.yaml'], /^ {2}"old-app":\n {4}readme: legacy\/README.md\n {4}depends_on: \[quotes\]\n/m);
  });

  test('the rename result validates cleanly, and names that would change meaning are refused', async () => {
    const renamed = applied(await server().request<WorkspaceEdit>('textDocument/rename', { ...at(2, 4), newName: 'stock' }));
    const check = ws.uri('check.pactown.yaml');
    await server().open(check, 'pactown', renamed['shop.pactown.yaml']);
    const before = (await server().diagnostics(yaml)).map((d) => d.code).sort();
    assert.deepEqual((await server().diagnostics(check)).map((d) => d.code).sort(), before);
    await server().close(check);
    const refused = async (newName: string, position = at(2, 4)) => refusal('textDocument/rename', { ...position, newName });
    assert.match(await refused('my app'), /'my app' is not a valid service name/);
    assert.match(await refused('logs'), /'logs' is kept by the runtime/);
    assert.match(await refused('quotes'), /'quotes' is already a service of this ecosystem/);
    assert.match(await refused('ghost'), /'worker' already lists 'ghost' in depends_on/);
    assert.match(await refused('cache', at(4, 4)), /'cache' is already a service/);
    assert.match(await refused('Quotes', at(2, 4)), /'Quotes' and 'quotes' would both give their dependents QUOTES_URL/);
    assert.match(await refused('kv', at(19, 4)), /'cache' has no readme: and finds its README by its name \(cache\/README.md\)/);
  });

  test('find references lists the same places', async () => {
    await server().open(yaml, 'pactown', ecosystem);
    const refs = await server().request<Location[]>('textDocument/references', { ...at(2, 4), context: { includeDeclaration: true } });
    const where = refs.map((r) => `${r.uri.slice(ws.uri('').length + 1)}:${r.range.start.line}:${r.range.start.character}`);
    assert.deepEqual(where, ['shop.pactown.yaml:2:2', 'shop.pactown.yaml:9:8', 'shop.pactown.yaml:14:17', 'storefront/README.md:5:26', 'storefront/README.md:11:0', 'storefront/README.md:11:16', 'worker/README.md:1:21']);
    const withoutKey = await server().request<Location[]>('textDocument/references', { ...at(2, 4), context: { includeDeclaration: false } });
    assert.equal(withoutKey.length, refs.length - 1);
  });
});

describe('rename refuses to break a README another ecosystem runs', () => {
  const { ws, client: server } = serverSession({
    'a.pactown.yaml': 'services:\n  api:\n    readme: api/README.md\n  web:\n    readme: web/README.md\n    depends_on: [api]\n',
    'b.pactown.yaml': 'services:\n  api:\n    readme: api/README.md\n  site:\n    readme: web/README.md\n    depends_on: [api]\n',
    'api/README.md': `${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`,
    'web/README.md': `${fence}bash markpact:run\ncurl $API_URL\n${fence}\n`,
  });

  test('web/README.md reads API_URL for both ecosystems: renaming api in one is refused, naming the other', async () => {
    const uri = ws.uri('a.pactown.yaml');
    // Both open, so both are indexed whatever the workspace scan has done.
    await server().open(ws.uri('b.pactown.yaml'), 'pactown', readFileSync(ws.path('b.pactown.yaml'), 'utf8'));
    await server().open(uri, 'pactown', readFileSync(ws.path('a.pactown.yaml'), 'utf8'));
    await server().diagnostics(uri);
    const error = await server().request('textDocument/rename', { textDocument: { uri }, position: { line: 1, character: 3 }, newName: 'backend' }).then(() => undefined, (e: Error) => e);
    assert.match(error?.message ?? '', /web\/README.md is also run by 'site' in .*b\.pactown\.yaml, which gets API_URL from its dependency 'api'/);
  });
});
