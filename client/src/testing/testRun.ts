import * as vscode from 'vscode';
import type { PlannedService } from '../../../core/testing/ecosystemTests';
import type { ServiceTests } from '../../../core/testing/plan';
import type { TestResult } from '../../../core/testing/results';
import { runTestSession } from '../../../core/testing/session';
import { testTarget } from '../../../core/testing/testTarget';
import { readmeEcosystem } from '../../../core/runtime/readmeEcosystem';
import { engine } from '../engine';
import type { CatalogEcosystem } from '../model/catalog';
import type { RunManager } from '../runs/runManager';
import { runEnvironment, runResource, runSettings } from '../settings';
import { requireTrust } from '../trust';
import { editorReader } from '../workspace/editorReader';
import { markResult } from './testMessages';
import type { ReadmeTestTree } from './testTree';
import { windowHost } from './windowHost';

/** One finished run, for the lenses and for other extensions (the end-to-end tests among them). */
export interface FinishedTestRun {
  results: { id: string; file: string; line: number; label: string; outcome: TestResult['outcome']; message: string }[];
}

export interface TestRunDeps {
  controller: vscode.TestController;
  tree: ReadmeTestTree;
  runs: RunManager;
  output: vscode.LogOutputChannel;
  onFinished: (run: FinishedTestRun) => void;
}

/** The line items a request asks for, grouped by ecosystem and service (each in README order). */
function selection(tree: ReadmeTestTree, request: vscode.TestRunRequest): Map<CatalogEcosystem, Map<PlannedService, vscode.TestItem[]>> {
  const excluded = new Set(request.exclude ?? []);
  const chosen = new Map<CatalogEcosystem, Map<PlannedService, vscode.TestItem[]>>();
  const visit = (item: vscode.TestItem) => {
    if (excluded.has(item)) return;
    const node = tree.node(item);
    if (node?.kind === 'line') {
      const services = chosen.get(node.ecosystem) ?? new Map<PlannedService, vscode.TestItem[]>();
      chosen.set(node.ecosystem, services);
      const items = services.get(node.planned) ?? [];
      services.set(node.planned, items);
      if (!items.includes(item)) items.push(item);
    }
    item.children.forEach(visit);
  };
  for (const item of request.include ?? tree.roots()) visit(item);
  return chosen;
}

/**
 * Runs the README tests a request asks for: per ecosystem, its services in the window's run
 * (started with what they depend on when they are not running, or restarted first by the
 * "restarted" profile), every service's lines in order, the services in parallel. Each result
 * marks its README line; a failure carries expected vs actual and the start of the body.
 */
export async function runReadmeTests(deps: TestRunDeps, request: vscode.TestRunRequest, token: vscode.CancellationToken, restart: boolean): Promise<boolean> {
  // The Testing view lists tests in Restricted Mode too; running them runs the README's code.
  if (!requireTrust('Running README tests')) return false;
  await deps.tree.ensureLoaded();
  const chosen = selection(deps.tree, request);
  if (chosen.size === 0) return false;
  const run = deps.controller.createTestRun(request);
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  const finished: FinishedTestRun['results'] = [];
  try {
    for (const items of [...chosen.values()].flatMap((services) => [...services.values()])) for (const item of items) run.enqueued(item);
    await Promise.all([...chosen].map(([ecosystem, services]) => runEcosystem(deps, run, ecosystem, services, restart, abort.signal, finished)));
  } finally {
    cancelled.dispose();
    run.end();
    deps.onFinished({ results: finished });
  }
  return true;
}

async function runEcosystem(deps: TestRunDeps, run: vscode.TestRun, ecosystem: CatalogEcosystem, services: Map<PlannedService, vscode.TestItem[]>, restart: boolean, signal: AbortSignal, finished: FinishedTestRun['results']): Promise<void> {
  const itemOf = new Map<string, vscode.TestItem>();
  const plans: ServiceTests[] = [];
  for (const [planned, items] of services) {
    const ids = new Set<string>();
    for (const item of items) {
      const node = deps.tree.node(item);
      if (node?.kind !== 'line') continue;
      ids.add(node.line.id);
      itemOf.set(`${planned.tests.service}\n${node.line.id}`, item);
    }
    plans.push({ ...planned.tests, blocks: planned.tests.blocks.map((b) => ({ ...b, lines: b.lines.filter((l) => ids.has(l.id)) })) });
  }
  const models = new Map([...services.keys()].map((p) => [p.tests.service, p.model]));
  try {
    const config = await ecosystemConfig(ecosystem);
    const baseEnv = runEnvironment(runSettings(runResource(ecosystem)));
    await deps.runs.track([ecosystem]);
    await runTestSession({
      plans,
      host: windowHost(deps.runs, ecosystem, (message) => run.appendOutput(`${ecosystem.name}: ${message}\r\n`)),
      restart,
      signal,
      target: (service, statuses) => testTarget({ config, sandboxRoot: ecosystem.sandboxRoot, service, model: models.get(service)!, statuses, baseEnv }),
      onTestStarted: (test) => {
        const item = itemOf.get(`${test.service}\n${test.id}`);
        if (item) run.started(item);
      },
      onResult: (result) => {
        const item = itemOf.get(`${result.test.service}\n${result.test.id}`);
        if (!item) return;
        markResult(run, item, result);
        finished.push({ id: item.id, file: result.test.file, line: result.test.range.line + 1, label: result.test.label, outcome: result.outcome, message: result.message });
      },
    });
  } catch (error) {
    // The ecosystem could not be read or its owner stopped answering: every test not yet done says why.
    const message = new vscode.TestMessage(`${ecosystem.name}: ${error instanceof Error ? error.message : String(error)}`);
    deps.output.error(`tests of ${ecosystem.name}: ${message.message}`);
    const done = new Set(finished.map((f) => f.id));
    for (const item of itemOf.values()) if (!done.has(item.id)) run.errored(item, message);
  }
}

/** The ecosystem as the run reads it: its file (the editor's text when open), or a README's one-service ecosystem. */
async function ecosystemConfig(ecosystem: CatalogEcosystem) {
  const text = ecosystem.readme ? readmeEcosystem(ecosystem.readme, ecosystem.services[0].port).text : await editorReader.readText(ecosystem.path);
  if (text === undefined) throw new Error(`${vscode.workspace.asRelativePath(ecosystem.path)} cannot be read`);
  return engine().parseEcosystem(text).config;
}
