import * as vscode from 'vscode';
import type { TemplateAsker, TemplateQuestion } from '../../../core/runtime/templateFiles';

export const REMEMBER = 'Remember in this workspace';

/** The secret-storage key of a label: per workspace folder (or per README folder outside any), so one workspace's answer never fills another's. */
function secretKey(question: TemplateQuestion): string {
  const file = vscode.Uri.file(question.file);
  const scope = vscode.workspace.getWorkspaceFolder(file)?.uri.toString() ?? vscode.Uri.joinPath(file, '..').toString();
  return `markpact.template.ask:${scope}:${question.label}`;
}

/**
 * Asks for `${ask:…}` values of one run: each label once (an answer is kept for the run, so a
 * restart or a live apply does not ask again), one input box at a time. A value remembered in the
 * workspace's secret storage is used without asking; after a typed answer the user may remember it.
 */
export function templateAsker(secrets: vscode.SecretStorage): TemplateAsker {
  const answers = new Map<string, Promise<string | undefined>>();
  let queue: Promise<unknown> = Promise.resolve();
  return (question) => {
    let answer = answers.get(question.label);
    if (!answer) {
      answer = queue.then(() => ask(secrets, question));
      queue = answer.catch(() => undefined);
      answers.set(question.label, answer);
      // No answer is not kept: starting the service again asks again.
      const asked = answer;
      void asked.then((value) => value === undefined && answers.get(question.label) === asked && answers.delete(question.label), () => answers.delete(question.label));
    }
    return answer;
  };
}

async function ask(secrets: vscode.SecretStorage, question: TemplateQuestion): Promise<string | undefined> {
  const key = secretKey(question);
  const remembered = await secrets.get(key);
  if (remembered !== undefined) return remembered;
  const where = `${vscode.workspace.asRelativePath(question.file)}:${question.line}`;
  const typed = await vscode.window.showInputBox({
    title: `${question.service}: ${question.label}`,
    prompt: `A value for \${ask:${question.label}} (${where}), written into the service's files when its sandbox is written.` +
      `${question.default !== undefined ? ' Empty takes the default.' : ''} Escape: ${question.default !== undefined ? 'the default' : 'the service does not start'}.`,
    ...(question.default !== undefined ? { placeHolder: question.default } : {}),
    password: question.secret,
    ignoreFocusOut: true,
  });
  if (typed === undefined) return undefined;
  const value = typed === '' && question.default !== undefined ? question.default : typed;
  // Not awaited: the run goes on while the offer is shown.
  void vscode.window.showInformationMessage(`Remember the value of '${question.label}' in this workspace's secret storage?`, REMEMBER).then((choice) => {
    if (choice === REMEMBER) void secrets.store(key, value);
  });
  return value;
}
