// What the extension shows the user, seen from inside the extension host: the window's message,
// pick and input box functions and openExternal are replaced for the length of one test (and put back after),
// so a test can assert the message a command shows, answer it, and see which URL it opened.
import * as vscode from 'vscode';
import { until } from './helpers';

export interface ShownMessage {
  severity: 'information' | 'warning' | 'error';
  message: string;
  detail?: string;
  modal: boolean;
  items: string[];
}

export interface ShownPick {
  placeHolder?: string;
  labels: string[];
  descriptions: (string | undefined)[];
}

export interface ShownInput {
  title?: string;
  prompt?: string;
  /** The value the box opened with. */
  value?: string;
  /** What the box's validateInput said about the answer; set means the answer was refused (as the box would). */
  refused?: string;
}

export interface Answers {
  /** The item (its title) to answer a message with; none: the message is dismissed. */
  message?: (shown: ShownMessage) => string | undefined;
  /** The label to pick; none: the pick is dismissed. */
  pick?: (shown: ShownPick) => string | undefined;
  /** The text to type into an input box; none: the box is dismissed. */
  input?: (shown: ShownInput) => string | undefined;
}

export interface WindowSpy {
  readonly messages: ShownMessage[];
  readonly picks: ShownPick[];
  readonly inputs: ShownInput[];
  /** URLs given to vscode.env.openExternal (nothing is opened). */
  readonly opened: string[];
  /** Resolves with the first message matching `pattern`, shown already or later. */
  message(pattern: RegExp, timeoutMs?: number): Promise<ShownMessage>;
}

type MessageItem = string | vscode.MessageItem;
const titleOf = (item: MessageItem) => (typeof item === 'string' ? item : item.title);

/** Runs `test` with the spies in place; restores the real functions whatever happens. */
export async function withWindowSpy<T>(answers: Answers, test: (spy: WindowSpy) => Promise<T>): Promise<T> {
  const recorded = new vscode.EventEmitter<void>();
  const messages: ShownMessage[] = [];
  const picks: ShownPick[] = [];
  const inputs: ShownInput[] = [];
  const opened: string[] = [];
  const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const env = vscode.env as { -readonly [K in keyof typeof vscode.env]: (typeof vscode.env)[K] };
  const real = { info: window.showInformationMessage, warning: window.showWarningMessage, error: window.showErrorMessage, pick: window.showQuickPick, input: window.showInputBox, open: env.openExternal };

  const fake = (severity: ShownMessage['severity']) => (message: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest.shift() as vscode.MessageOptions) : {};
    const items = rest as MessageItem[];
    const shown: ShownMessage = { severity, message, ...(options.detail ? { detail: options.detail } : {}), modal: !!options.modal, items: items.map(titleOf) };
    messages.push(shown);
    recorded.fire();
    const answer = answers.message?.(shown);
    return Promise.resolve(items.find((item) => titleOf(item) === answer));
  };
  window.showInformationMessage = fake('information') as typeof window.showInformationMessage;
  window.showWarningMessage = fake('warning') as typeof window.showWarningMessage;
  window.showErrorMessage = fake('error') as typeof window.showErrorMessage;
  window.showQuickPick = (async (items: readonly (string | vscode.QuickPickItem)[] | Thenable<readonly (string | vscode.QuickPickItem)[]>, options?: vscode.QuickPickOptions) => {
    const list = await items;
    const label = (item: string | vscode.QuickPickItem) => (typeof item === 'string' ? item : item.label);
    const shown: ShownPick = { ...(options?.placeHolder ? { placeHolder: options.placeHolder } : {}), labels: list.map(label), descriptions: list.map((i) => (typeof i === 'string' ? undefined : i.description)) };
    picks.push(shown);
    recorded.fire();
    const answer = answers.pick?.(shown);
    return list.find((item) => label(item) === answer);
  }) as typeof window.showQuickPick;
  window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
    const shown: ShownInput = { ...(options?.title ? { title: options.title } : {}), ...(options?.prompt ? { prompt: options.prompt } : {}), ...(options?.value !== undefined ? { value: options.value } : {}) };
    inputs.push(shown);
    const answer = answers.input?.(shown);
    const verdict = answer === undefined ? undefined : await options?.validateInput?.(answer);
    const refused = typeof verdict === 'string' ? verdict : verdict?.message;
    if (refused) shown.refused = refused;
    recorded.fire();
    return refused ? undefined : answer;
  }) as typeof window.showInputBox;
  env.openExternal = async (uri: vscode.Uri) => {
    opened.push(uri.toString(true));
    recorded.fire();
    return true;
  };

  const spy: WindowSpy = {
    messages,
    picks,
    inputs,
    opened,
    message: (pattern, timeoutMs = 30_000) =>
      until(`a message matching ${pattern}`, () => messages.find((m) => pattern.test(m.message)), { events: [recorded.event], timeoutMs }).catch((error: Error) => {
        throw new Error(`${error.message}; shown: ${JSON.stringify(messages.map((m) => m.message))}`);
      }),
  };
  try {
    return await test(spy);
  } finally {
    Object.assign(window, { showInformationMessage: real.info, showWarningMessage: real.warning, showErrorMessage: real.error, showQuickPick: real.pick, showInputBox: real.input });
    env.openExternal = real.open;
    recorded.dispose();
  }
}
