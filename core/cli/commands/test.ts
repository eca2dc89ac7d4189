import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ServedRun } from '../../control/servedRun';
import { diskReader } from '../../diskReader';
import { Orchestrator } from '../../runtime/orchestrator';
import { readmeEcosystem } from '../../runtime/readmeEcosystem';
import { planTests } from '../../testing/ecosystemTests';
import { controlHost, orchestratorHost } from '../../testing/hosts';
import { junitXml } from '../../testing/junit';
import { testLines } from '../../testing/plan';
import { countResults, type TestResult } from '../../testing/results';
import { runTestSession, type SessionOutcome, type TestHost } from '../../testing/session';
import { testTarget } from '../../testing/testTarget';
import { wantsColor } from '../colors';
import { loadInput } from '../loadInput';
import { checkServiceNames } from '../runTarget';
import { shownPath } from '../shownPath';
import { resultJson, resultLines, summaryLine } from '../testReport';
import { exitCodes, UsageError } from '../usageError';

export const testHelp = `pactown test <ecosystem.yaml | README.md> [service…] [--junit FILE] [--json] [--port N] [--no-color]

Runs the services' markpact:test blocks as markpact does: an http line
(METHOD /path [BODY {json}] [EXPECT status]) is sent to the service's URL and passes
with exactly the EXPECT status, else with any status from 200 to 399 (10 s timeout;
no response counts as status 0); a shell line runs with sh in the service's sandbox,
with the service's environment, and passes when it exits 0 (30 s timeout).
Services that are not running are started, with what they depend on (environments
from the cache), and stopped afterwards. If the ecosystem already runs (a terminal or
VS Code owns it), its owner is asked to start what is missing, and afterwards to stop
only that. Services are tested in parallel, each one's lines in order. Prints
  file:line: PASS|FAIL METHOD /path (expected 200, got 404)
per test, then a summary. --junit FILE also writes JUnit XML (for CI); --json prints
the results as JSON instead. A README is tested as \`pactown run\` runs it (on --port,
default 8000). Exit 1 when any test fails or cannot run.`;

export interface TestFlags {
  junit?: string;
  json: boolean;
  port?: string;
  noColor: boolean;
}

export async function test(file: string | undefined, services: string[], flags: TestFlags): Promise<number> {
  const started = performance.now();
  const orchestrator = await load(file, flags.port);
  checkServiceNames(orchestrator.config, services);
  const chosen = orchestrator.config.services.filter((s) => services.length === 0 || services.includes(s.name));
  const readmes = chosen.map((s) => ({ name: s.name, readmePath: resolve(dirname(orchestrator.ecosystemPath), s.readme) }));
  const planned = (await planTests(readmes, diskReader)).filter((p) => testLines(p.tests).length > 0);
  const color = !flags.json && wantsColor(process.stdout, flags.noColor, process.env);
  if (planned.length === 0) {
    const where = services.length > 0 ? services.join(', ') : shownPath(file!);
    if (!flags.json) process.stdout.write(`no markpact:test blocks in ${where}: nothing to test\n`);
    return finish([], [], [], flags, orchestrator, performance.now() - started);
  }

  const abort = new AbortController();
  const { host, release } = await hostFor(orchestrator, abort);
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++interrupts === 1) {
      process.stderr.write(`${signal}: cancelling the tests and stopping what they started…\n`);
      return abort.abort();
    }
    orchestrator.killNow();
    process.exit(130);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const models = new Map(planned.map((p) => [p.tests.service, p.model]));
  let outcome: SessionOutcome | undefined;
  try {
    outcome = await runTestSession({
      plans: planned.map((p) => p.tests),
      host,
      signal: abort.signal,
      target: (service, statuses) => testTarget({ config: orchestrator.config, sandboxRoot: orchestrator.sandboxRoot, service, model: models.get(service)!, statuses, baseEnv: process.env }),
      onResult: (result) => {
        if (!flags.json) process.stdout.write(`${resultLines(result, color).join('\n')}\n`);
      },
    });
  } finally {
    // Whatever happened, what the tests started is stopped before the command ends.
    await release(outcome?.started ?? []);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
  }
  if (!flags.json) for (const { reason } of outcome.notStarted) process.stderr.write(`pactown: ${reason}\n`);
  return finish(planned.map((p) => p.tests.service), outcome.results, outcome.notStarted, flags, orchestrator, performance.now() - started);
}

/** The ecosystem, or a README as the one-service ecosystem `pactown run` makes of it. */
async function load(file: string | undefined, port: string | undefined): Promise<Orchestrator> {
  if (!file) throw new UsageError('expected an ecosystem file (*.pactown.yaml) or a README');
  if (/\.ya?ml$/i.test(file)) {
    if (port !== undefined) throw new UsageError('--port applies to a README; an ecosystem file sets its own ports');
    return Orchestrator.load(file);
  }
  const portNumber = port === undefined ? 8000 : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65_535) throw new UsageError('--port must be an integer from 1 to 65535');
  const ecosystem = readmeEcosystem((await loadInput(file, 'readme')).path, portNumber);
  return Orchestrator.fromText(ecosystem.path, ecosystem.text);
}

/**
 * The run the tests use: this process's own (registered, so `pactown status` shows it and a
 * second `up` joins it instead of starting a copy), or — when another process owns the
 * ecosystem's run — that run, through its owner. `release` stops what the tests started.
 */
async function hostFor(orchestrator: Orchestrator, abort: AbortController): Promise<{ host: TestHost; release: (started: string[]) => Promise<void> }> {
  const served = await ServedRun.serve(orchestrator, { kind: 'cli', label: `pactown test (pid ${process.pid})` });
  if ('live' in served) {
    const client = served.live;
    await client.request('subscribe', {});
    client.once('close', () => abort.abort());
    return {
      host: controlHost(client),
      release: async (started) => {
        try {
          if (started.length > 0) await client.request('stop', { services: started }, 120_000);
        } finally {
          client.close();
        }
      },
    };
  }
  const { run } = served;
  run.on('stoppedRemotely', () => abort.abort());
  return {
    host: orchestratorHost(orchestrator),
    release: async () => {
      const stopped = await orchestrator.down();
      await run.end();
      if (!stopped) process.stderr.write('pactown: some processes of the run did not stop\n');
    },
  };
}

/** Writes the JUnit file, the JSON or the summary (services in the ecosystem's order); the exit code. */
function finish(services: string[], results: TestResult[], notStarted: { service: string; reason: string }[], flags: TestFlags, orchestrator: Orchestrator, ms: number): number {
  if (flags.junit) {
    const prefix = orchestrator.config.name ? `${orchestrator.config.name}.` : '';
    const suites = services.map((service) => ({ name: `${prefix}${service}`, results: results.filter((r) => r.test.service === service) }));
    writeFileSync(flags.junit, junitXml({ name: 'pactown test', suites, timestamp: new Date(), displayPath: shownPath }));
  }
  const counts = countResults(results);
  const ok = counts.failed === 0 && counts.errored === 0 && counts.skipped === 0;
  if (flags.json) {
    const tests = [...results].sort((a, b) => services.indexOf(a.test.service) - services.indexOf(b.test.service)).map(resultJson);
    process.stdout.write(`${JSON.stringify({ ok, ...counts, durationMs: Math.round(ms), notStarted, tests }, null, 2)}\n`);
  } else if (results.length > 0) {
    process.stdout.write(`${summaryLine(results, services.length, ms)}\n`);
  }
  return ok ? exitCodes.ok : exitCodes.failed;
}
