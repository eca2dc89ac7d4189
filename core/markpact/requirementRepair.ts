import { nearestName } from '../pactown/nearest';
import { parseRequirement, type DepsEcosystem } from './requirements';

/** Lines longer than this are not repaired (a deps line is a name and a version, not a paragraph). */
const MAX_LINE = 300;
/** Known names compared against, at most (Levenshtein against each). */
const MAX_KNOWN = 5_000;

const INSTALL_COMMAND = /^\s*(?:pip3?|python3?|uv|npm|pnpm|yarn|npx|bun)\s+(?:pip\s+)?(?:install|i|add)\b(.*)$/;
const PYTHON_HEAD = /^([^<>=!~;[@(#]*)(.*)$/;

/**
 * Near spellings of an invalid deps line that the installer accepts, best first: the packages of
 * an install command one per line, a version operator fixed (`flask=3` → `flask==3`, `express 4`
 * → `express@4`), a name that is a known package once its words are joined or a letter or two
 * changed (`scikit learn` → `scikit-learn`). Every candidate is re-read and valid; a trailing
 * comment is kept. `known` are package names known offline (a fixed list and the dependency cache).
 */
export function repairRequirement(line: string, ecosystem: DepsEcosystem, known: Iterable<string>): string[] {
  if (line.length > MAX_LINE) return [];
  const { content, comment } = splitComment(line);
  const command = INSTALL_COMMAND.exec(content);
  const candidates = command
    ? [command[1].split(/\s+/).filter((w) => w !== '' && !w.startsWith('-')).join('\n')]
    : ecosystem === 'python' ? pythonCandidates(content, knownList(known)) : nodeCandidates(content, knownList(known));
  const valid: string[] = [];
  for (const candidate of candidates) {
    if (candidate === '' || candidate === content.trim()) continue;
    const lines = candidate.split('\n');
    if (lines.some((l) => parseRequirement(l, ecosystem).kind === 'invalid')) continue;
    const withComment = lines.length === 1 ? `${candidate}${comment}` : candidate;
    if (!valid.includes(withComment)) valid.push(withComment);
  }
  return valid;
}

function knownList(known: Iterable<string>): string[] {
  const list: string[] = [];
  for (const name of known) {
    list.push(name);
    if (list.length >= MAX_KNOWN) break;
  }
  return list;
}

/** pip's comment rule: `#` at the start or after whitespace. */
function splitComment(line: string): { content: string; comment: string } {
  const match = /(^|\s)#/.exec(line);
  if (!match) return { content: line.trimEnd(), comment: '' };
  const content = line.slice(0, match.index).trimEnd();
  return { content, comment: line.slice(content.length) };
}

function pythonCandidates(content: string, known: string[]): string[] {
  const [, head = '', rawTail = ''] = PYTHON_HEAD.exec(content.trim()) ?? [];
  const words = head.trim().split(/\s+/).filter(Boolean);
  // `flask 3.0`: a version without an operator.
  const versionAt = words.findIndex((w, i) => i > 0 && /^\d/.test(w));
  const nameWords = versionAt > 0 ? words.slice(0, versionAt) : words;
  let tail = fixPythonSpec(versionAt > 0 ? `==${words.slice(versionAt).join('')}${rawTail}` : rawTail);
  // Stray punctuation after the name (`py-yaml!`) is no version: dropped.
  if (!/[A-Za-z0-9*]/.test(tail)) tail = '';
  return nameChoices(nameWords.join(' '), known).map((n) => `${n}${tail}`);
}

/** The usual slips in a version specifier, each rewritten to what pip accepts. */
function fixPythonSpec(spec: string): string {
  let fixed = spec.trim()
    .replace(/=>/g, '>=')
    .replace(/=</g, '<=')
    .replace(/(^|[^=<>!~])=(?!=)/g, '$1==')
    .replace(/~(?=\d)/g, '~=')
    .replace(/(==|>=|<=|~=|!=|<|>)\s+/g, '$1')
    .replace(/(\d)\s+(?=[<>=!~])/g, '$1,')
    .replace(/[,;\s]+$/, '')
    .replace(/(==|>=|<=|~=|!=|<|>)$/, '')
    .replace(/(\d)\.(?=$|,)/g, '$1');
  // Extras left open: `fastapi[all` → `fastapi[all]`.
  if (fixed.startsWith('[') && !fixed.includes(']')) {
    const end = fixed.search(/[<>=!~;]/);
    fixed = end < 0 ? `${fixed}]` : `${fixed.slice(0, end)}]${fixed.slice(end)}`;
  }
  return fixed;
}

function nodeCandidates(content: string, known: string[]): string[] {
  const words = content.trim().split(/\s+/).filter(Boolean);
  const [first = '', ...rest] = words;
  const at = first.indexOf('@', 1);
  const name = at < 0 ? first : first.slice(0, at);
  const restText = rest.join('');
  // `express 4`, `express ^4.18`: the version belongs after an '@'.
  if (rest.length > 0 && at < 0 && (/^[~^<>=0-9*]/.test(restText) || restText === 'latest')) return nameChoices(name, known).map((n) => `${n}@${restText}`);
  if (rest.length > 0) {
    // `socket io` is one known package; `express@4 lodash` are two, one per line.
    const joined = nameChoices(words.join(' '), known).filter((n) => known.includes(n));
    return [...joined, words.join('\n')];
  }
  return nameChoices(name, known).map((n) => `${n}${at < 0 ? '' : first.slice(at)}`);
}

/**
 * Names to try for what was typed: the known package it is near (first, unless what was typed is
 * itself known), what was typed, and a single word without the characters no name has.
 */
function nameChoices(typed: string, known: string[]): string[] {
  const norm = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
  const near = nearestName(typed, known);
  const isKnown = known.some((k) => norm(k) === norm(typed));
  // Several words are only ever joined into a known name: `x y` is no near spelling of anything.
  const cleaned = /\s/.test(typed.trim()) ? undefined : cleanName(typed);
  const choices = [near !== undefined && norm(near) !== norm(typed) && !isKnown ? near : undefined, typed, cleaned];
  return [...new Set(choices.filter((n): n is string => n !== undefined && /^[@A-Za-z0-9]/.test(n) && !/\s/.test(n)))];
}

/** The name without the characters no package name has. */
function cleanName(typed: string): string | undefined {
  const cleaned = typed.trim().replace(/[^A-Za-z0-9@/._-]/g, '').replace(/^[._-]+|[._-]+$/g, '');
  return cleaned === '' ? undefined : cleaned;
}
