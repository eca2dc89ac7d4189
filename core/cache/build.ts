import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ecosystem, RuntimeIdentity } from './key';
import { generatePackageJson } from './packageJson';
import { onPath } from './runtimes';
import { uvEnvironment } from './uvSettings';

export interface BuildOptions {
  dir: string;
  ecosystem: Ecosystem;
  /** Requirement lines as written (pip requirement-file lines, or npm `name@spec`). */
  requirements: string[];
  runtime: RuntimeIdentity;
  /** Node: the package.json installed from (generated from the lines, or the README's own). */
  packageJson?: string;
  /** Passed to pip/npm unchanged: the user's own index, find-links and npm settings keep working. */
  env: NodeJS.ProcessEnv;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * Runs a build step in a process group of its own, with a watchdog in it that reads a pipe from
 * this process: if the builder dies (even by SIGKILL), the pipe ends and the watchdog kills the
 * whole group, so no pip or npm is left writing into a half-built entry.
 */
const watchdog = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'build=$!',
  '( read -r _ <&3; kill -KILL 0 ) &',
  'watch=$!',
  'exec 3<&-',
  'wait "$build"; status=$?',
  'kill "$watch" 2>/dev/null',
  'exit "$status"',
].join('\n');

function exec(command: string, args: string[], options: BuildOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    options.onLog?.(`$ ${command} ${args.join(' ')}`);
    options.signal?.throwIfAborted();
    // Its own process group, so cancelling ends pip's or npm's children too (builds of sdists, scripts).
    const child = spawn('/bin/sh', ['-c', watchdog, 'pactown-build', command, ...args], { cwd: options.dir, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    child.stdin.on('error', () => undefined);
    const cancel = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        options.onLog?.(line);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code) => {
      child.stdin.destroy();
      options.signal?.removeEventListener('abort', cancel);
      if (options.signal?.aborted) reject(options.signal.reason);
      else if (code === 0) resolve();
      else reject(new Error(`${command} ${args[0] ?? ''} failed (exit ${code}):\n${tail.join('\n')}`));
    });
  });
}

/** Builds an environment in `dir` (its final place: console scripts hold absolute paths). */
export async function buildEnvironment(options: BuildOptions): Promise<void> {
  await mkdir(options.dir, { recursive: true });
  if (options.ecosystem === 'python') await buildPython(options);
  else await buildNode(options);
}

async function buildPython(options: BuildOptions): Promise<void> {
  const { dir, runtime } = options;
  const interpreter = runtime.path ?? 'python3';
  const python = join(dir, 'bin', 'python');
  const requirementsFile = join(dir, 'pactown-requirements.txt');
  const uv = await onPath('uv', options.env);
  const uvEnv = uv ? await uvEnvironment(options.env) : undefined;
  if (uv && uvEnv) {
    const uvOptions = { ...options, env: uvEnv };
    await exec(uv, ['venv', '--quiet', '--python', interpreter, dir], uvOptions);
    // Written once the venv exists: a file would make `uv venv` refuse the folder.
    await writeFile(requirementsFile, `${options.requirements.join('\n')}\n`);
    if (options.requirements.length > 0) await exec(uv, ['pip', 'install', '--python', python, '-r', requirementsFile], uvOptions);
    return;
  }
  await exec(interpreter, ['-m', 'venv', dir], options);
  // A file, not arguments: comment and option lines (`--index-url`, `-r`) work as in requirements.txt.
  await writeFile(requirementsFile, `${options.requirements.join('\n')}\n`);
  if (options.requirements.length > 0) {
    await exec(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '-r', requirementsFile], options);
  }
}

async function buildNode(options: BuildOptions): Promise<void> {
  // Kept in the entry: it says what the node_modules were installed from.
  await writeFile(join(options.dir, 'package.json'), options.packageJson ?? generatePackageJson('pactown-env', options.requirements));
  await mkdir(join(options.dir, 'node_modules'), { recursive: true });
  if (options.requirements.length > 0 || options.packageJson) await exec('npm', ['install', '--no-audit', '--no-fund', '--progress=false'], options);
}
