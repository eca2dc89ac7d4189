import * as vscode from 'vscode';
import { shortName, type TestResult } from '../../../core/testing/results';

/**
 * A result's message as VS Code shows it at its README line: "expected 200, got 404" first (the
 * inline text), then what the test sent and the start of the body (or the end of a command's
 * output) in the peek. A plain message rather than an expected/actual diff: for a status code
 * the inline form of a diff ("404 != 200") says less, and the body would have nowhere to go.
 */
export function testMessage(result: TestResult, item: vscode.TestItem): vscode.TestMessage {
  const excerpt = result.excerpt ? `\n\n${result.test.kind === 'shell' ? 'Output' : result.outcome === 'errored' ? 'Why' : 'Response body'}:\n${result.excerpt}` : '';
  const message = new vscode.TestMessage(`${result.message}\n\n${shortName(result.test)}${excerpt}`);
  if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range);
  return message;
}

/**
 * Marks an item with its result, and writes the result to the run's output as `pactown test`
 * prints it (without a place: VS Code would show every output line at its line too, over the failure's message).
 */
export function markResult(run: vscode.TestRun, item: vscode.TestItem, result: TestResult): void {
  const word = { passed: 'PASS', failed: 'FAIL', errored: 'FAIL', skipped: 'SKIP' }[result.outcome];
  run.appendOutput(`${vscode.workspace.asRelativePath(result.test.file)}:${result.test.range.line + 1}: ${word} ${shortName(result.test)} (${result.message})\r\n`, undefined, item);
  if (result.outcome === 'passed') run.passed(item, result.durationMs);
  else if (result.outcome === 'failed') run.failed(item, testMessage(result, item), result.durationMs);
  else if (result.outcome === 'errored') run.errored(item, testMessage(result, item));
  else run.skipped(item);
}
