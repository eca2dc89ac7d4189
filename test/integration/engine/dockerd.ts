// A private Docker engine for one test or bench run: Debian's dockerd with its data, exec state,
// pid file and socket in a temporary folder, no default bridge and no iptables rules (the machine
// is shared; user-defined networks still give compose services their names). Test-only.
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../../core/runtime/runProcesses';

export interface Engine {
  /** The folder everything of this engine lives in (its socket, data root, logs). */
  dir: string;
  /** The environment that points docker and docker-compose at this engine. */
  env: NodeJS.ProcessEnv;
  /** The storage driver dockerd chose (overlay2 where the temp filesystem allows it). */
  storageDriver: string;
  /** `docker <args>` to completion; throws with its stderr when it fails. */
  docker(args: string[], options?: SpawnSyncOptions): string;
  /** Removes every container, stops dockerd (and its containerd) and deletes the folder. */
  stop(): Promise<void>;
}

const startDeadlineMs = 60_000;
const stopDeadlineMs = 30_000;

/** Why this machine cannot run the engine, or undefined when it can. */
export function engineUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `the engine tests need Linux, this is ${process.platform}`;
  if (process.getuid?.() !== 0) return 'dockerd needs root (the tests start their own engine)';
  for (const [binary, pkg] of [['dockerd', 'docker.io'], ['docker', 'docker.io'], ['docker-compose', 'docker-compose']]) {
    if (spawnSync(binary, ['--version'], { stdio: 'ignore' }).status !== 0) return `${binary} is missing (Debian package ${pkg}; .ci/run installs it)`;
  }
  return undefined;
}

/** Starts dockerd; resolves once its API answers, rejects with its log when it exits or the deadline passes. */
export async function startEngine(prefix = 'markpact-engine-'): Promise<Engine> {
  const reason = engineUnavailable();
  if (reason) throw new Error(`no Docker engine: ${reason}`);
  // Short path: the socket's path must fit in sun_path (108 bytes).
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const sub of ['data', 'exec']) mkdirSync(join(dir, sub));
  const socket = join(dir, 'docker.sock');
  const logPath = join(dir, 'dockerd.log');
  const logFd = openSync(logPath, 'a');
  const daemon = spawn(
    'dockerd',
    [
      '--bridge=none',
      '--iptables=false',
      '--exec-opt',
      'native.cgroupdriver=cgroupfs',
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
      '--host',
      `unix://${socket}`,
      '--default-address-pool',
      `base=${freeAddressPool()},size=24`,
    ],
    // Its log goes to a file, never a pipe: a pipe nobody drains while a test waits in spawnSync
    // fills up, and dockerd then blocks on its next log line (a build hangs mid-step).
    { stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const log = () => readFileSync(logPath, 'utf8');
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    daemon.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      resolve();
    }),
  );
  const env = { ...process.env, DOCKER_HOST: `unix://${socket}`, COMPOSE_DOCKER_CLI_BUILD: '0', DOCKER_BUILDKIT: '0' };
  const docker = (args: string[], options: SpawnSyncOptions = {}) => {
    const result = spawnSync('docker', args, { env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024, ...options });
    if (result.status !== 0) throw new Error(`docker ${args.join(' ')} failed (${result.status ?? result.signal}): ${String(result.stderr).trim()}`);
    return String(result.stdout);
  };
  const removeFolder = () => {
    unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  const ready = await waitFor(() => exitCode !== undefined || log().includes('API listen on'), startDeadlineMs, exited);
  if (!ready || exitCode !== undefined) {
    daemon.kill('SIGKILL');
    await exited;
    const tail = log().split('\n').slice(-15).join('\n');
    removeFolder();
    throw new Error(`dockerd did not start (${ready ? `exit ${exitCode}` : `no API after ${startDeadlineMs / 1000} s`}):\n${tail}`);
  }
  const storageDriver = docker(['info', '--format', '{{.Driver}}']).trim();
  return {
    dir,
    env,
    storageDriver,
    docker,
    async stop() {
      if (exitCode === undefined) {
        const containers = docker(['ps', '--all', '--quiet']).split('\n').filter(Boolean);
        if (containers.length) docker(['rm', '--force', '--volumes', ...containers]);
        daemon.kill('SIGTERM');
        if (!(await waitFor(() => exitCode !== undefined, stopDeadlineMs, exited))) {
          daemon.kill('SIGKILL');
          await exited;
        }
      }
      removeFolder();
    },
  };
}

/**
 * A 10.x.0.0/16 no route of this host uses: two engines started by tests at once would otherwise
 * both give their first network 172.17.0.0/16, and the host could not tell their bridges apart.
 */
function freeAddressPool(): string {
  // /proc/net/route: destinations as little-endian hex, so 10.x.0.0 reads 0000xx0A.
  const used = new Set(
    readFileSync('/proc/net/route', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t')[1])
      .filter((hex): hex is string => !!hex && hex.toUpperCase().endsWith('0A'))
      .map((hex) => parseInt(hex.slice(4, 6), 16)),
  );
  const start = 100 + Math.floor(Math.random() * 150);
  for (let i = 0; i < 150; i++) {
    const second = 100 + ((start - 100 + i) % 150);
    if (!used.has(second)) return `10.${second}.0.0/16`;
  }
  throw new Error('no free 10.x.0.0/16 for the engine networks');
}

/** Detaches mounts dockerd left under its own folder (overlay layers, network namespaces), deepest first. */
function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((path): path is string => !!path && path.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const path of mounts) spawnSync('umount', ['--lazy', path], { stdio: 'ignore' });
}
