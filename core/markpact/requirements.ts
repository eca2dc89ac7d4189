import npa from 'npm-package-arg';
import type { Span } from '../text/span';
import { parsePep508, Pep508Error } from './pep508';

export type DepsEcosystem = 'python' | 'node';

/**
 * One `deps` line, read as the installer would. Spans are offsets into the line.
 * - `package`: a named requirement;
 * - `location`: a URL or path pip installs directly (a wheel, an archive, a VCS URL); `name` when it can be read from it;
 * - `option`: a pip requirement-file option (`-r`, `-i`, `--pre`, …), valid but not a package;
 * - `comment`: a blank or `#` line;
 * - `invalid`: the installer would reject it.
 */
export type ParsedRequirement =
  | { kind: 'package'; name: string; normalizedName: string; nameSpan: Span; spec: string }
  | { kind: 'location'; target: string; name?: string; normalizedName?: string }
  | { kind: 'option'; option: string; value?: string }
  | { kind: 'comment' }
  | { kind: 'invalid'; message: string; span: Span };

/** Parses one line of a deps block for its ecosystem. */
export function parseRequirement(line: string, ecosystem: DepsEcosystem): ParsedRequirement {
  return ecosystem === 'python' ? parsePythonLine(line) : parseNodeLine(line);
}

/** PEP 503 normalisation: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizePythonName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

// pip's requirement-file options (pip/_internal/req/req_file.py); true = takes a value.
const PIP_OPTIONS: Record<string, boolean> = {
  '-i': true, '--index-url': true, '--extra-index-url': true, '--no-index': false,
  '-c': true, '--constraint': true, '-r': true, '--requirement': true, '-e': true, '--editable': true,
  '-f': true, '--find-links': true, '--no-binary': true, '--only-binary': true, '--prefer-binary': false,
  '--require-hashes': false, '--pre': false, '--trusted-host': true, '--use-feature': true,
  '--hash': true, '--config-settings': true, '--global-option': true,
};
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar)$/i;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** pip's comment rule: `#` at the start or after whitespace (so `…#egg=x` in a URL is kept). */
function contentEnd(line: string): number {
  const m = /(^|\s)#/.exec(line);
  let end = m ? m.index : line.length;
  while (end > 0 && /\s/.test(line[end - 1])) end--;
  // A trailing backslash continues the requirement on the next line (pip joins them).
  if (line[end - 1] === '\\') end--;
  while (end > 0 && /\s/.test(line[end - 1])) end--;
  return end;
}

function firstToken(line: string, end: number): Span {
  const start = line.search(/\S/);
  let stop = start;
  while (stop < end && !/\s/.test(line[stop])) stop++;
  return { start, end: stop };
}

function installCommand(line: string, token: Span, end: number, tools: string[]): ParsedRequirement | undefined {
  const word = line.slice(token.start, token.end);
  const rest = line.slice(token.end, end).trim();
  if (!tools.includes(word) || !/^(install|i|add)\b/.test(rest)) return undefined;
  const packages = rest.replace(/^\S+\s*/, '');
  return {
    kind: 'invalid',
    message: `'${word} ${rest.split(/\s/)[0]}' is a command; a deps block lists only the packages, one per line${packages ? ` (${packages.split(/\s+/).join(', ')})` : ''}`,
    span: { start: token.start, end },
  };
}

function parsePythonLine(line: string): ParsedRequirement {
  const end = contentEnd(line);
  if (line.slice(0, end).trim() === '') return { kind: 'comment' };
  const token = firstToken(line, end);
  const word = line.slice(token.start, token.end);
  const command = installCommand(line, token, end, ['pip', 'pip3', 'python', 'python3', 'uv']);
  if (command) return command;
  if (word.startsWith('-')) return parsePipOptions(line, token.start, end);
  if (isLocation(word)) return location(line, token, end);
  // pip cuts per-requirement options (`--hash=…`) off at the first word starting with '-'.
  const options = /\s--?[A-Za-z]/.exec(line.slice(0, end));
  const reqEnd = options ? options.index : end;
  if (options) {
    const bad = parsePipOptions(line, options.index + 1, end);
    if (bad.kind === 'invalid') return bad;
  }
  try {
    const req = parsePep508(line, token.start, reqEnd);
    return {
      kind: 'package',
      name: req.name,
      normalizedName: normalizePythonName(req.name),
      nameSpan: req.nameSpan,
      spec: line.slice(req.nameSpan.end, reqEnd).trim(),
    };
  } catch (error) {
    if (error instanceof Pep508Error) return { kind: 'invalid', message: error.message, span: error.span };
    throw error;
  }
}

function isLocation(word: string): boolean {
  if (/^[A-Za-z]:[\\/]/.test(word)) return true; // a Windows drive path
  if (SCHEME.test(word)) return true;
  return word.startsWith('.') || word.includes('/') || ARCHIVE.test(word);
}

function location(line: string, token: Span, end: number): ParsedRequirement {
  const target = line.slice(token.start, token.end);
  const after = line.slice(token.end, end).trim();
  if (after && !after.startsWith(';') && !after.startsWith('-')) {
    return { kind: 'invalid', message: `unexpected '${after.split(/\s/)[0]}' after '${target}': write one requirement per line`, span: { start: token.end + line.slice(token.end).search(/\S/), end } };
  }
  // The name is knowable from `#egg=name` or a wheel file name (`name-1.0-py3-none-any.whl`).
  const egg = /#egg=([A-Za-z0-9._-]+)/.exec(target)?.[1];
  const file = target.slice(Math.max(target.lastIndexOf('/'), target.lastIndexOf('\\')) + 1);
  const wheel = /^([A-Za-z0-9_.]+)-[^-]+-.*\.whl$/i.exec(file)?.[1];
  const name = egg ?? wheel;
  return name ? { kind: 'location', target, name, normalizedName: normalizePythonName(name) } : { kind: 'location', target };
}

function parsePipOptions(line: string, start: number, end: number): ParsedRequirement {
  const words = [...line.slice(start, end).matchAll(/\S+/g)].map((m) => ({ text: m[0], start: start + m.index }));
  let first: { option: string; value?: string } | undefined;
  for (let i = 0; i < words.length; i++) {
    const { text, start: at } = words[i];
    const span = { start: at, end: at + text.length };
    if (!text.startsWith('-')) return { kind: 'invalid', message: `unexpected '${text}': put a requirement at the start of its own line`, span };
    const long = text.startsWith('--');
    const eq = text.indexOf('=');
    const option = long && eq > 0 ? text.slice(0, eq) : long ? text : text.slice(0, 2);
    const takesValue = PIP_OPTIONS[option];
    if (takesValue === undefined) return { kind: 'invalid', message: `pip does not accept '${option}' in a requirements file`, span };
    let value: string | undefined = long ? (eq > 0 ? text.slice(eq + 1) : undefined) : text.slice(2) || undefined;
    if (!takesValue && value !== undefined) return { kind: 'invalid', message: `'${option}' takes no value`, span };
    if (takesValue && value === undefined) {
      const next = words[i + 1];
      if (!next) return { kind: 'invalid', message: `expected a value after '${option}'`, span };
      value = next.text;
      i++;
    }
    first ??= value === undefined ? { option } : { option, value };
  }
  return { kind: 'option', ...(first ?? { option: '' }) };
}

function parseNodeLine(line: string): ParsedRequirement {
  const end = contentEnd(line);
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { kind: 'comment' };
  const token = firstToken(line, end);
  const command = installCommand(line, token, end, ['npm', 'pnpm', 'yarn', 'npx', 'bun']);
  if (command) return command;
  const word = line.slice(token.start, token.end);
  const rest = line.slice(token.end, end).trim();
  if (rest) {
    const restStart = token.end + line.slice(token.end).search(/\S/);
    const version = /^[~^<>=0-9*]/.test(rest) || rest === 'latest';
    const message = version
      ? `only the first word of a line is read, so '${rest}' is ignored and the latest '${word}' is installed: write ${word}@${rest.replace(/\s+/g, '')}`
      : `only the first word of a line is read, so '${rest.split(/\s/)[0]}' is ignored: write one package per line`;
    return { kind: 'invalid', message, span: { start: restStart, end } };
  }
  const span = { start: token.start, end: token.end };
  let result: npa.Result;
  try {
    result = npa(word, '/');
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message, span };
  }
  if (!result.name) {
    return { kind: 'invalid', message: `'${word}' has no package name, and each line becomes a package.json dependency: write <name>@${word}`, span };
  }
  return { kind: 'package', name: result.name, normalizedName: result.name.toLowerCase(), nameSpan: { start: token.start, end: token.start + result.name.length }, spec: result.rawSpec === '*' && !word.includes('@', 1) ? '' : result.rawSpec };
}

/**
 * Well-known packages that live in one ecosystem only: pactown's language-mismatch lint lists
 * (spec §1.3), extended with a few obvious ones.
 */
export const ecosystemHints: Record<DepsEcosystem, ReadonlySet<string>> = {
  node: new Set([
    'express', 'react', 'next', 'vue', 'axios', 'lodash', 'mongoose', 'sequelize', 'pg', 'socket.io',
    'typescript', 'vite', 'webpack', 'jest', 'react-dom', 'nodemon', 'ts-node', 'eslint',
  ]),
  python: new Set([
    'fastapi', 'flask', 'django', 'requests', 'httpx', 'sqlalchemy', 'pandas', 'numpy', 'pydantic',
    'uvicorn', 'gunicorn', 'streamlit', 'click', 'typer', 'rich', 'pytest', 'scipy',
  ]),
};

/** The only ecosystem a well-known package belongs to (`@types/*` counts as Node), if it is one. */
export function wellKnownEcosystem(packageName: string): DepsEcosystem | undefined {
  const name = packageName.toLowerCase();
  if (ecosystemHints.node.has(name) || name.startsWith('@types/')) return 'node';
  if (ecosystemHints.python.has(name)) return 'python';
  return undefined;
}
