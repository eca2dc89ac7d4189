import { performance } from 'node:perf_hooks';
import { checkHttpAnswer, sendHttpTest } from './httpRunner';
import type { TestLine } from './plan';
import type { TestResult } from './results';
import { runShellCommand, shellTimeoutMs } from './shellRunner';
import type { TestTarget } from './testTarget';

/** Runs one test line against its running (or completed) service and says what it did. */
export async function runTestLine(test: TestLine, target: TestTarget, signal?: AbortSignal): Promise<TestResult> {
  const started = performance.now();
  const done = (result: Omit<TestResult, 'test' | 'durationMs'>): TestResult => ({ test, ...result, durationMs: performance.now() - started });
  if (signal?.aborted) return done({ outcome: 'skipped', message: 'cancelled' });
  if (test.kind === 'invalid') return done({ outcome: 'failed', message: `not a test line: ${test.message}` });
  if (test.kind === 'http') {
    if (target.httpError) return done({ outcome: 'failed', message: target.httpError });
    const answer = await sendHttpTest(test.test, target.url, signal ? { signal } : {});
    if (signal?.aborted) return done({ outcome: 'skipped', message: 'cancelled' });
    const { passed, ...check } = checkHttpAnswer(test.test, answer);
    return done({ outcome: passed ? 'passed' : 'failed', ...check });
  }
  if ('error' in target.shell) return done({ outcome: 'errored', message: `not run: ${target.shell.error}` });
  const ran = await runShellCommand(test.command, { ...target.shell, ...(signal ? { signal } : {}) });
  if (ran.cancelled) return done({ outcome: 'skipped', message: 'cancelled' });
  const actual = ran.timedOut ? `no exit within ${shellTimeoutMs / 1000} s` : ran.exitCode === null ? 'killed' : `exit ${ran.exitCode}`;
  const passed = ran.exitCode === 0;
  return done({ outcome: passed ? 'passed' : 'failed', message: passed ? 'exit 0' : `expected exit 0, got ${actual}`, expected: 'exit 0', actual, ...(ran.output ? { excerpt: ran.output } : {}) });
}
