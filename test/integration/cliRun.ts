// Shared by the integration tests that drive `pactown` (dist/cli.js) as a user would: a private
// scratch folder (its runs registry and cache too), the CLI run to completion or in the
// background, and waits on conditions with deadlines.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { listProcesses } from '../../core/processTable';
import { waitFor } from '../../core/runtime/runProcesses';
import type { ReportedService } from '../../core/runtime/serviceStatus';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

export const cli = resolve('dist/cli.js');
export const fence = '```';

export interface Scratch {
  dir: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

/** A folder of its own for a test file: ecosystems, the dependency cache and the runs registry live in it. */
export function scratchFolder(prefix: string, extraEnv: NodeJS.ProcessEnv = {}): Scratch {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = { ...process.env, PACTOWN_CACHE_DIR: join(dir, 'cache'), PACTOWN_RUNTIME_DIR: join(dir, 'runs'), ...extraEnv };
  return { dir, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `pactown …` to completion. */
export function pactown(scratch: Scratch, ...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { env: scratch.env, encoding: 'utf8', timeout: 120_000 });
}

export function statusOf(scratch: Scratch, target: string): ReportedService[] {
  const result = pactown(scratch, 'status', target, '--json');
  if (result.status !== 0) throw new Error(`status failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ReportedService[];
}

/** `pactown <args>` in the background, its output collected; `waitFor(re)` resolves once a line matches. */
export function background(scratch: Scratch, args: string[], command: string[] = [process.execPath, cli]): {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp, deadlineMs?: number) => Promise<void>;
  exited: Promise<number | null>;
} {
  const child = spawn(command[0], [...command.slice(1), ...args], { env: scratch.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const waitForOutput = (pattern: RegExp, deadlineMs = 90_000) =>
    new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => done(new Error(`no line matching ${pattern} within ${deadlineMs} ms:\n${output}`)), deadlineMs);
      const check = () => {
        if (pattern.test(output)) done();
      };
      function done(error?: Error) {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) reject(error);
        else resolvePromise();
      }
      listeners.add(check);
      void exited.then(() => setImmediate(() => done(pattern.test(output) ? undefined : new Error(`exited before ${pattern}:\n${output}`))));
      check();
    });
  return { child, output: () => output, waitFor: waitForOutput, exited };
}

/** Resolves with the exit code, or rejects if the process has not exited by the deadline. */
export async function exitWithin<T>(exited: Promise<T>, deadlineMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not exit within ${deadlineMs} ms`)), deadlineMs)));
  try {
    return await Promise.race([exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether something accepts connections on the port now. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
  });
}

/**
 * Pids of living processes (zombies excluded) whose environment has every one of these entries, e.g.
 * `PACTOWN_SERVICE=api` and the scratch's `PACTOWN_RUNTIME_DIR=…` (so runs of other suites on the machine do not count).
 */
export function processesWith(...entries: string[]): number[] {
  return listProcesses()
    .filter((p) => p.state !== 'Z' && p.state !== 'X')
    .filter((p) => {
      try {
        const environment = readFileSync(`/proc/${p.pid}/environ`, 'latin1').split('\0');
        return entries.every((entry) => environment.includes(entry));
      } catch {
        return false;
      }
    })
    .map((p) => p.pid);
}

export const waitUntil = waitFor;

/** Pids of processes whose command line mentions `text` (a cache folder, say): builds under way. */
export function processesMentioning(text: string): string[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'latin1').includes(text);
    } catch {
      return false;
    }
  });
}

/** A stdlib Python HTTP service README (`/health` answers 200). `prefix` runs first in its shell. */
export function pythonReadme(prefix = ''): string {
  return `${fence}bash markpact:run\n${prefix}exec python3 -m http.server $PORT --bind 127.0.0.1\n${fence}\n`;
}

/**
 * Writes an ecosystem into a folder of the scratch: `services` maps a name to its README text and
 * dependencies. Returns the YAML path and the base port.
 */
export async function writeEcosystem(scratch: Scratch, name: string, services: Record<string, { readme: string; dependsOn?: string[]; extra?: string }>): Promise<{ yaml: string; basePort: number }> {
  const dir = join(scratch.dir, name);
  const names = Object.keys(services);
  const basePort = await freePortRange(names.length);
  const lines = [`name: ${name}`, `base_port: ${basePort}`, 'services:'];
  for (const [service, spec] of Object.entries(services)) {
    mkdirSync(join(dir, service), { recursive: true });
    writeFileSync(join(dir, service, 'README.md'), spec.readme);
    lines.push(`  ${service}:`, `    readme: ${service}/README.md`);
    if (spec.dependsOn?.length) lines.push(`    depends_on: [${spec.dependsOn.join(', ')}]`);
    if (spec.extra) lines.push(...spec.extra.split('\n').map((l) => `    ${l}`));
  }
  const yaml = join(dir, `${name}.pactown.yaml`);
  writeFileSync(yaml, `${lines.join('\n')}\n`);
  return { yaml, basePort };
}

/** A copy of the fixture ecosystem (db ← api ← web) in its own folder. */
export function fixtureEcosystem(scratch: Scratch, name: string, edit?: (yaml: string) => string): string {
  const dir = join(scratch.dir, name);
  cpSync(resolve('test/fixtures/ecosystem'), dir, { recursive: true });
  const yaml = join(dir, 'shop.pactown.yaml');
  if (edit) writeFileSync(yaml, edit(readFileSync(yaml, 'utf8')));
  return yaml;
}

/** The window stand-in (windowDouble.ts), in its own process; its JSON lines arrive as they are printed. */
export function windowDouble(scratch: Scratch, yaml: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('test/integration/windowDouble.ts'), yaml], { env: scratch.env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(JSON.parse(line) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  const next = (key: string, deadlineMs = 60_000) =>
    new Promise<Record<string, unknown>>((resolvePromise, reject) => {
      const seen = lines.length;
      const timer = setTimeout(() => reject(new Error(`the window double never reported ${key}: ${JSON.stringify(lines)}`)), deadlineMs);
      const check = () => {
        const found = lines.slice(key === 'started' ? 0 : seen).find((l) => key in l);
        if (!found) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolvePromise(found);
      };
      waiters.add(check);
      check();
    });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, next, exited };
}
