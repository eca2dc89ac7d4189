/**
 * Ports written as numbers where a service's port belongs: in its run command (`--port 8000`,
 * `-p 8000`, `0.0.0.0:8000`, `PORT=8000`, `http.server 8000`) or in its files (`app.run(port=5000)`,
 * `app.listen(3000)`). Every pattern is a fixed word followed by single quantifiers (no nesting),
 * so a scan is linear in the text.
 */

export type PortForm = '--port' | '-p' | ':port' | 'PORT=' | 'http.server' | 'port=' | 'listen(';

export interface PortLiteral {
  port: number;
  form: PortForm;
  /** The digits, as offsets in the scanned text. */
  start: number;
  end: number;
  /** Whether pactown (and this runtime, to stay compatible) rewrites it to the service's port at start. */
  rewritten: boolean;
}

const COMMAND_FORMS: [PortForm, RegExp, boolean][] = [
  ['--port', /--port(?:=|[ \t]+)(\d{1,5})\b/g, true],
  ['-p', /(?<![\w-])-p(?:=|[ \t]+)(\d{1,5})(?![\d:.])/g, true],
  // Only a listen address (nothing, a wildcard or a loopback host before the colon): `redis://h:6379` is another service's port.
  [':port', /(?<=^|[\s="'])(?:0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\]|\*)?:(\d{2,5})\b/g, true],
  ['PORT=', /(?<=^|[\s;&|(])(?:MARKPACT_)?PORT=(\d{1,5})\b/g, false],
  ['http.server', /\bhttp\.server[ \t]+(\d{1,5})\b/g, false],
];

const valid = (port: number) => port >= 1 && port <= 65_535;

/** Literal ports of a run command, in text order. */
export function commandPortLiterals(command: string): PortLiteral[] {
  const found: PortLiteral[] = [];
  for (const [form, pattern, rewritten] of COMMAND_FORMS) {
    for (const match of command.matchAll(pattern)) {
      const digits = match[1];
      const start = match.index + match[0].length - digits.length;
      const port = Number(digits);
      if (valid(port)) found.push({ port, form, start, end: start + digits.length, rewritten });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const PY_FILE = /\.py$/i;
const JS_FILE = /\.(?:js|mjs|cjs|ts|mts|cts)$/i;
const PY_RUN_CALL = /\b(?:run|run_app|serve)\(/g;
const PY_PORT_ARG = /\bport[ \t]*=[ \t]*(\d{1,5})\b/;
/** How far after `run(` a `port=` argument is looked for. */
const MAX_CALL_ARGS = 400;
const MAX_NESTING = 8;
const JS_LISTEN = /\.listen\([ \t]*(\d{1,5})[ \t]*[,)]/g;

/**
 * Literal ports of a file the service writes: a `port=N` argument of a `run(`/`run_app(`/`serve(`
 * call in Python, over lines too (not `connect(port=5432)`: that is a database's), and
 * `.listen(N` in JavaScript/TypeScript (Python's `listen(5)` is a backlog).
 */
export function filePortLiterals(path: string, text: string): PortLiteral[] {
  const found: PortLiteral[] = [];
  const push = (digits: string, start: number, form: PortForm) => {
    const port = Number(digits);
    if (valid(port)) found.push({ port, form, start, end: start + digits.length, rewritten: false });
  };
  if (JS_FILE.test(path)) {
    for (const match of text.matchAll(JS_LISTEN)) push(match[1], match.index + match[0].indexOf(match[1], 8), 'listen(');
  } else if (PY_FILE.test(path)) {
    for (const call of text.matchAll(PY_RUN_CALL)) {
      const from = call.index + call[0].length;
      // The call's own arguments, over lines too, within a bounded window (linear on any text).
      const args = callArguments(text.slice(from, from + MAX_CALL_ARGS));
      const arg = PY_PORT_ARG.exec(args);
      if (arg) push(arg[1], from + arg.index + arg[0].length - arg[1].length, 'port=');
    }
  }
  return found;
}

/**
 * A call's own arguments: up to the parenthesis that closes the call, with what nested calls hold
 * blanked (`os.getenv("PORT")`, `cfg(port=1)`), so offsets still match the text.
 */
function callArguments(window: string): string {
  const parens = /[()]/g;
  let depth = 0;
  let own = '';
  let from = 0; // where the current stretch at depth 0 began
  for (const { 0: paren, index } of window.matchAll(parens)) {
    if (paren === '(') {
      if (depth++ === 0) own += window.slice(from, index);
      if (depth > MAX_NESTING) return own; // no call of a real server nests this deep
    } else if (depth === 0) {
      return own + window.slice(from, index);
    } else if (--depth === 0) {
      own += ' '.repeat(index + 1 - own.length);
      from = index + 1;
    }
  }
  return depth === 0 ? own + window.slice(from) : own;
}

/**
 * The ports a service's run command and files write as numbers, each with where it is written
 * (`the run command`, `app.py`): a service found listening on one of them hard-codes it. The
 * forms `rewriteForPort` rewrites are left out: they never stay in the command that runs.
 */
export function hardCodedPorts(command: string, files: readonly { path: string; content: string }[]): Map<number, string> {
  const ports = new Map<number, string>();
  for (const literal of commandPortLiterals(command)) if (!literal.rewritten && !ports.has(literal.port)) ports.set(literal.port, 'the run command');
  for (const file of files) for (const literal of filePortLiterals(file.path, file.content)) if (!ports.has(literal.port)) ports.set(literal.port, file.path);
  return ports;
}

/** uvicorn's `--reload` as a word (the space before it is kept: one lookbehind, linear). */
const RELOAD = /(?<=\s)--reload(?=\s|$)/;
const RELOAD_G = new RegExp(RELOAD.source, 'g');

/** Where a run command asks uvicorn to reload, as offsets in the command. */
export function reloadFlag(command: string): { start: number; end: number } | undefined {
  if (!/\buvicorn\b/.test(command)) return undefined;
  const match = RELOAD.exec(command);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}

/**
 * What pactown does to a run command before it starts it (spec: sandbox_manager's port rewrite and
 * `--reload` stripping), with the false positives left out: `--port N`, `-p N` and a listen
 * address `:N` that differ from the port become the port; `--reload` is dropped from a uvicorn
 * command. Returns the command and one line per change, for the service's log.
 */
export function rewriteForPort(command: string, port: number): { command: string; notes: string[] } {
  const notes: string[] = [];
  let out = '';
  let at = 0;
  for (const literal of commandPortLiterals(command)) {
    if (!literal.rewritten || literal.port === port) continue;
    out += command.slice(at, literal.start) + String(port);
    at = literal.end;
    notes.push(`rewrote ${literal.form === ':port' ? ':' : `${literal.form} `}${literal.port} → ${port} as pactown does (use $PORT in the run command)`);
  }
  out += command.slice(at);
  if (/\buvicorn\b/.test(out) && RELOAD.test(out)) {
    out = out.replace(RELOAD_G, '');
    notes.push('removed --reload from the uvicorn command as pactown does (its reloader doubles the processes and restarts on every sandbox write)');
  }
  return { command: out, notes };
}
