import { spawn } from 'node:child_process';
import { excerptChars } from './results';

/** markpact's per-command timeout (spec §1.7). */
export const shellTimeoutMs = 30_000;
/** Output kept while the command runs: its end, where errors are. */
const keptChars = 16 * 1024;

export interface ShellOutcome {
  /** null when it was ended by a signal, the deadline or a cancel. */
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The end of its stdout and stderr, interleaved as they came. */
  output: string;
}

/**
 * Runs one shell test line with `sh -c` where the service runs (its sandbox folder and its
 * environment). It leads its own process group: at the deadline, on cancel, and once the shell
 * has exited, whatever the command left running is killed, so no test outlives its run.
 */
export function runShellCommand(command: string, options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; signal?: AbortSignal }): Promise<ShellOutcome> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let cancelled = false;
    let exitCode: number | null = null;
    const child = spawn('/bin/sh', ['-c', command], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > keptChars * 2) output = output.slice(-keptChars);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs ?? shellTimeoutMs);
    const cancel = () => {
      cancelled = true;
      killGroup();
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    if (options.signal?.aborted) cancel();
    const finish = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
      resolve({ exitCode: timedOut || cancelled ? null : exitCode, timedOut, cancelled, output: output.length > excerptChars ? `…${output.slice(-excerptChars)}` : output });
    };
    // Could not start (a missing folder): said in the output, with no exit code.
    child.once('error', (error) => {
      output += `${error.message}\n`;
      finish();
    });
    // The pipes close once every process holding them is gone: the group is killed when the shell exits.
    child.once('exit', (code) => {
      exitCode = code;
      killGroup();
    });
    child.once('close', finish);
  });
}
