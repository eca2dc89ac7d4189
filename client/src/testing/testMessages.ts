import * as vscode from 'vscode';
import { shortName, type TestResult } from '../../../core/testing/results';

/**
 * A result as VS Code shows it: a failure's message sits at its README line (inline and in the
 * peek), with the expected and actual status (or exit) as a diff and the start of the body (or
 * the end of the command's output) under it.
 */
export function testMessage(result: TestResult, item: vscode.TestItem): vscode.TestMessage {
  const message = new vscode.TestMessage([`${shortName(result.test)}: ${result.message}`, result.excerpt].filter(Boolean).join('\n\n'));
  if (result.expected !== undefined && result.actual !== undefined) {
    message.expectedOutput = result.expected;
    message.actualOutput = result.actual;
  }
  if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range);
  return message;
}

export function markResult(run: vscode.TestRun, item: vscode.TestItem, result: TestResult): void {
  if (result.outcome === 'passed') run.passed(item, result.durationMs);
  else if (result.outcome === 'failed') run.failed(item, testMessage(result, item), result.durationMs);
  else if (result.outcome === 'errored') run.errored(item, testMessage(result, item));
  else run.skipped(item);
}
