import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { CompletionItem, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { closedBelow } from '../../server/src/service/features/fenceCursor';
import { RenameRefused } from '../../server/src/service/features/rename';
import { fence, tempWorkspace } from '../server/fixtures';
import { CURSOR, serviceOn } from './serviceFixture';

const ws = tempWorkspace({
  'star/hub/README.md': `${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`,
  'star/front/README.md': `${fence}bash markpact:run\ncurl $HUB_URL\n${fence}\n`,
});
after(() => ws.remove());
const open = () => serviceOn(ws, ws.path('.no-cache'));

/** The text of one document after the WorkspaceEdit's edits for it. */
function appliedTo(doc: TextDocument, edit: WorkspaceEdit): string {
  return TextDocument.applyEdits(doc, edit.changes?.[doc.uri] ?? []);
}

describe('rename edits in YAML', () => {
  test('each form of reference keeps its quoting, and a name YAML would read as a number is quoted', async () => {
    const { service, open: openDoc } = open();
    const yaml = [
      'services:',
      `  ${CURSOR}api:`,
      '    readme: api/README.md',
      "  'web':",
      '    readme: web/README.md',
      '    depends_on: [api@1.0, "api"]',
      '  worker:',
      '    readme: worker/README.md',
      '    depends_on:',
      '      - api',
      '      - name: api',
      "      - {name: 'api'}",
      '',
    ].join('\n');
    const { doc, position } = openDoc('q.pactown.yaml', yaml);
    const edit = await service.rename(doc, position, '123');
    assert.equal(appliedTo(doc, edit), yaml.replace(CURSOR, '')
      .replace('  api:', '  "123":').replace('[api@1.0, "api"]', '[123@1.0, "123"]')
      .replace('- api\n', '- "123"\n').replace('- name: api\n', '- name: "123"\n').replace("{name: 'api'}", "{name: '123'}"));
  });

  test('a depends_on list shared through an alias is edited once', async () => {
    const { service, open: openDoc } = open();
    const yaml = `x-deps: &deps [db]\nservices:\n  ${CURSOR}db:\n    readme: db/README.md\n  a:\n    readme: a/README.md\n    depends_on: *deps\n  b:\n    readme: b/README.md\n    depends_on: *deps\n`;
    const { doc, position } = openDoc('alias.pactown.yaml', yaml);
    const edit = await service.rename(doc, position, 'store');
    assert.equal(edit.changes![doc.uri].length, 2);
    assert.equal(appliedTo(doc, edit), yaml.replace(CURSOR, '').replace('[db]', '[store]').replace('  db:', '  store:'));
  });

  test('bounded on hostile ecosystems: a 5,000-service ring renames in place; 600 dependents\' READMEs are refused', async () => {
    const { service, open: openDoc } = open();
    const ring = ['services:', ...Array.from({ length: 5_000 }, (_, i) => `  ${i === 0 ? CURSOR : ''}s${i}: {readme: r${i}.md, depends_on: [s${(i + 1) % 5_000}]}`), ''].join('\n');
    const { doc, position } = openDoc('ring.pactown.yaml', ring);
    const edit = await service.rename(doc, position, 'first');
    assert.equal(edit.changes![doc.uri].length, 2);
    const star = ['services:', `  ${CURSOR}hub:`, '    readme: hub/README.md', ...Array.from({ length: 600 }, (_, i) => `  f${i}: {readme: f${i}/README.md, depends_on: [hub]}`), ''].join('\n');
    const opened = openDoc('star/star.pactown.yaml', star);
    await assert.rejects(service.rename(opened.doc, opened.position, 'center'), (e: Error) => e instanceof RenameRefused && /dependents running 600 READMEs/.test(e.message));
  });

  test('a README open with unsaved text is edited as the editor shows it', async () => {
    const { service, open: openDoc } = open();
    const yaml = `services:\n  ${CURSOR}hub:\n    readme: hub/README.md\n  front:\n    readme: front/README.md\n    depends_on: [hub]\n`;
    const readme = openDoc('star/front/README.md', `# Front\n\n${fence}bash markpact:run\necho $HUB_PORT && curl $HUB_URL\n${fence}\n`);
    const { doc, position } = openDoc('star/small.pactown.yaml', yaml);
    const edit = await service.rename(doc, position, 'center');
    assert.equal(appliedTo(readme.doc, edit), `# Front\n\n${fence}bash markpact:run\necho $CENTER_PORT && curl $CENTER_URL\n${fence}\n`);
    // A name with the same variable prefix changes no README.
    const same = await service.rename(doc, position, 'HUB');
    assert.deepEqual(Object.keys(same.changes!), [doc.uri]);
  });
});

describe('whole blocks: closing fences and snippet escapes', () => {
  test('a fence counts as closed by the next fence line only when it is bare, of the same character and at least as long', () => {
    const text = (below: string) => `${fence}\n${below}`;
    assert.equal(closedBelow(text('body\n```\n'), 4, '```'), true);
    assert.equal(closedBelow(text('body\n```python markpact:run\n'), 4, '```'), false);
    assert.equal(closedBelow(text('~~~\n'), 4, '```'), false);
    assert.equal(closedBelow(text('````\n'), 4, '```'), true);
    assert.equal(closedBelow('````\n```\n', 5, '````'), false);
    assert.equal(closedBelow(text('> ```\n'), 4, '```'), true);
    assert.equal(closedBelow(text('no fence at all\n'.repeat(10_000)), 4, '```'), false);
  });

  test('a second run block is offered nowhere, even where only the kind word is completed', async () => {
    const { service, open: openDoc } = open();
    const labels = async (line: string) => {
      const { doc, position } = openDoc('once/README.md', `${fence}bash markpact:run\npython3 a.py\n${fence}\n\n${line}\n`);
      return ((await service.completion(doc, position))?.items ?? []).map((i) => i.label);
    };
    for (const line of [`${fence}bash mark${CURSOR} extra`, `${fence}bash mark${CURSOR}`, `${fence}bash markpact:r${CURSOR} extra`, `${fence}${CURSOR}`]) {
      const offered = await labels(line);
      assert.ok(offered.length > 0 && !offered.some((l) => /(^|:)run( block)?$/.test(l)), `${line}: ${offered.join(', ')}`);
    }
    // The run block itself can still be retyped as run.
    const { doc, position } = openDoc('own/README.md', `${fence}bash markpact:r${CURSOR}\npython3 a.py\n${fence}\n`);
    assert.ok(((await service.completion(doc, position))?.items ?? []).some((i) => i.label === 'run'));
  });

  test('inferred commands are escaped for snippet syntax: $ and } in a placeholder, | and , in a choice', async () => {
    const { service, open: openDoc } = open();
    const run = async (files: string) => {
      const { doc, position } = openDoc('esc/README.md', `${files}\n\n${fence}${CURSOR}\n`);
      const items: CompletionItem[] = (await service.completion(doc, position))?.items ?? [];
      return (items.find((i) => i.label === 'run block')?.textEdit as TextEdit).newText;
    };
    assert.equal(await run(`${fence}python markpact:file path=web.py\nfrom fastapi import FastAPI\napp = FastAPI()\n${fence}`),
      `bash markpact:run\n\${1:uvicorn web:app --port \\\${MARKPACT_PORT:-8000\\}}\n${fence}`);
    assert.equal(await run(`${fence}bash markpact:file path=a|b.sh\necho\n${fence}\n\n${fence}bash markpact:file path=c,d.sh\necho\n${fence}`),
      `bash markpact:run\n\${1|sh 'a\\|b.sh',sh c\\,d.sh|}\n${fence}`);
  });
});
