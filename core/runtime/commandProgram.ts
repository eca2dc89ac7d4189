import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

// Words the shell runs itself: nothing to look for on PATH (a command starting so is not checked).
const shellOwn = new Set(['if', 'for', 'while', 'until', 'case', '{', '(', '!', '[', '[[', '.', ':', 'source', 'eval', 'set', 'test', 'echo', 'printf', 'true', 'false', 'export', 'trap', 'wait', 'exit', 'read', 'ulimit', 'umask', 'type', 'alias', 'unset', 'shift', 'return']);
// Words that run the next word.
const runsNext = new Set(['exec', 'command', 'nohup', 'time']);
const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * The program a run command starts: the first word of its first command line, after environment
 * assignments (`PORT=1 go run .`), `cd … &&` prefixes and `exec`. Undefined when the shell itself
 * handles it, or when the word is a path or an expansion (it may exist only once the run has begun).
 */
export function commandProgram(command: string): string | undefined {
  const line = command.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  if (!line) return undefined;
  const words = line.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const word = words[i].replace(/^['"]|['"]$/g, '');
    if (assignment.test(word) || runsNext.has(word)) continue;
    if (word === 'cd') {
      // `cd dir &&` or `cd dir;`: the program comes after.
      while (i < words.length && words[i] !== '&&' && !words[i].endsWith(';')) i++;
      continue;
    }
    if (word === '' || word === '&&' || shellOwn.has(word) || /[/$`\\*?]/.test(word)) return undefined;
    return word;
  }
  return undefined;
}

/** Whether `program` is an executable file in one of the PATH folders (relative folders from `cwd`). */
export function onPath(program: string, path: string | undefined, cwd: string): boolean {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(isAbsolute(dir) ? dir : resolve(cwd, dir), program);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      // not there, or not executable
    }
  }
  return false;
}

/** Toolchains the examples use, with the Debian package that brings each (the hint after "not installed"). */
const installHints: Record<string, string> = {
  go: 'Go (Debian: apt-get install golang-go)',
  cargo: 'Rust (rustup, or Debian: apt-get install cargo)',
  rustc: 'Rust (rustup, or Debian: apt-get install rustc)',
  php: 'PHP (Debian: apt-get install php-cli)',
  node: 'Node.js',
  npm: 'Node.js (npm)',
};

/** "go is not installed: …" when the run command's program is not on the service's PATH; undefined when it is, or cannot be told. */
export function missingProgram(command: string, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const program = commandProgram(command);
  if (!program || onPath(program, env.PATH, cwd)) return undefined;
  const install = installHints[program];
  return `${program} is not installed: the run command starts it, and it is not on the service's PATH${install ? `. Install ${install}` : ''}, then start again`;
}
