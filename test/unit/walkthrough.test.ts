import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { hasMarkpact } from '../../core/markpact/model';
import { parseMarkpact } from '../../core/markpact/parse';

interface Step {
  id: string;
  description: string;
  media: { markdown: string };
  completionEvents: string[];
  when?: string;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  contributes: { commands: { command: string }[]; walkthroughs: { id: string; steps: Step[] }[]; menus: Record<string, { command: string; when?: string }[]> };
};
const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
const ours = new Set(manifest.contributes.commands.map((c) => c.command));
/** Commands of VS Code itself the walkthrough links to (a view's focus command exists for every view). */
const builtIn = new Set(['workbench.trust.manage', 'markpact.services.focus']);

test('the walkthrough goes from creating a service to running and checking it, each step completed by the command it offers', () => {
  assert.deepEqual(steps.map((s) => s.id), ['newService', 'services', 'run', 'runUntrusted', 'check', 'generate']);
  for (const step of steps) {
    const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
    assert.ok(linked.length > 0, `${step.id} offers a command`);
    for (const command of linked) assert.ok(ours.has(command) || builtIn.has(command), `${step.id} links to ${command}, which exists`);
    for (const event of step.completionEvents.filter((e) => e.startsWith('onCommand:'))) {
      assert.ok(linked.includes(event.slice('onCommand:'.length)), `${step.id} is completed by a command it offers (${event})`);
    }
  }
});

test('running respects Workspace Trust: the run step shows only when trusted, the other asks for trust', () => {
  const run = steps.find((s) => s.id === 'run')!;
  const untrusted = steps.find((s) => s.id === 'runUntrusted')!;
  assert.equal(run.when, 'isWorkspaceTrusted');
  assert.equal(untrusted.when, '!isWorkspaceTrusted');
  assert.ok(untrusted.description.includes('command:workbench.trust.manage') && !untrusted.description.includes('command:markpact.runEcosystem'));
  const scaffoldMenus = Object.values(manifest.contributes.menus).flat().filter((m) => m.command === 'markpact.newService' || m.command === 'markpact.generateEcosystem');
  assert.ok(scaffoldMenus.every((m) => !m.when?.includes('isWorkspaceTrusted')), 'creating files needs no trust');
});

test('its pages exist, ship in the .vsix, and are not READMEs a workspace of this repository would run', () => {
  const ignore = readFileSync('.vscodeignore', 'utf8');
  for (const step of steps) {
    const page = step.media.markdown;
    assert.ok(existsSync(page), page);
    assert.match(page, /^docs\/walkthrough\/[\w-]+\.md$/);
    assert.equal(hasMarkpact(parseMarkpact(readFileSync(page, 'utf8'))), false, `${page} has no markpact blocks`);
  }
  assert.ok(ignore.split('\n').includes('!docs/walkthrough/*.md'));
});
