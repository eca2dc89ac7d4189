import type { Span } from '../text/span';

/** A PEP 508 requirement; spans are offsets into the parsed line. */
export interface Pep508Requirement {
  name: string;
  nameSpan: Span;
  extras: string[];
  /** Version specifiers as written, e.g. `>=2,<3` (parentheses removed). */
  specifier?: string;
  /** `name @ <url>` form. */
  url?: string;
  /** The environment marker after `;`, as written. */
  marker?: string;
}

/** Why a line is not a PEP 508 requirement; `span` points at the offending part of the line. */
export class Pep508Error extends Error {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

const MARKER_VARIABLES = [
  'python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release', 'platform_system',
  'platform_version', 'platform_machine', 'platform_python_implementation', 'implementation_name',
  'implementation_version', 'extra', 'extras', 'dependency_groups',
  // Legacy spellings that `packaging` still accepts.
  'os.name', 'sys.platform', 'platform.version', 'platform.machine', 'platform.python_implementation', 'python_implementation',
];
const VERSION_OPERATORS = ['===', '==', '!=', '~=', '<=', '>=', '<', '>'];
const MARKER_OPERATORS = [...VERSION_OPERATORS, 'not in', 'in'];

// PEP 440, without the local label (checked separately so the message can say what is wrong).
const PUBLIC_VERSION =
  /^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?(?:[-_.]?dev[-_.]?[0-9]*)?$/i;
const LOCAL_LABEL = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/i;

const isNameChar = (c: string) => /[A-Za-z0-9._-]/.test(c);
const isAlnum = (c: string) => /[A-Za-z0-9]/.test(c);

/** Parses `text[start, end)` as a PEP 508 requirement, or throws a Pep508Error with a precise message. */
export function parsePep508(text: string, start = 0, end = text.length): Pep508Requirement {
  return new Parser(text, start, end).requirement();
}

class Parser {
  constructor(private readonly text: string, private pos: number, private readonly end: number) {}

  requirement(): Pep508Requirement {
    this.skipSpace();
    const nameSpan = this.identifier('package name');
    const req: Pep508Requirement = { name: this.text.slice(nameSpan.start, nameSpan.end), nameSpan, extras: [] };
    this.skipSpace();
    if (this.peek() === '[') req.extras = this.extras();
    this.skipSpace();
    if (this.peek() === '@') {
      req.url = this.url();
    } else if (this.peek() === '(' || this.startsWithOperator() || this.peek() === '=') {
      req.specifier = this.versionSpec();
    }
    this.skipSpace();
    if (this.peek() === ';') {
      this.pos++;
      const markerStart = this.pos;
      this.marker();
      req.marker = this.text.slice(markerStart, this.end).trim();
      this.skipSpace();
    }
    if (this.pos < this.end) this.unexpectedTrailing(req);
    return req;
  }

  private unexpectedTrailing(req: Pep508Requirement): never {
    const rest = this.text.slice(this.pos, this.end);
    const word = /^\S+/.exec(rest)?.[0] ?? rest;
    const at = { start: this.pos, end: this.pos + word.length };
    if (/^[0-9]/.test(word) && req.specifier === undefined && req.url === undefined) {
      this.fail(`expected a version operator before '${word}' (for example ${req.name}==${word})`, at);
    }
    if (/^[A-Za-z]/.test(word)) this.fail(`'${word}' looks like a second package: write one requirement per line`, at);
    this.fail(`unexpected '${word}' after the requirement`, at);
  }

  private extras(): string[] {
    const open = this.pos++;
    const extras: string[] = [];
    this.skipSpace();
    if (this.peek() === ']') {
      this.pos++;
      return extras;
    }
    for (;;) {
      const span = this.identifier('extra name');
      extras.push(this.text.slice(span.start, span.end));
      this.skipSpace();
      const c = this.peek();
      if (c === ']') {
        this.pos++;
        return extras;
      }
      if (c !== ',') this.fail(c ? `expected ',' or ']' in the extras, found '${c}'` : "expected ']' to close the extras", c ? this.here() : { start: open, end: this.pos });
      this.pos++;
      this.skipSpace();
    }
  }

  private url(): string {
    this.pos++;
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.end && !/\s/.test(this.text[this.pos])) this.pos++;
    const url = this.text.slice(start, this.pos);
    if (!url) this.fail("expected a URL after '@'", { start: start - 1, end: start });
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url)) {
      this.fail(`'${url}' is not a URL: after '@' pip expects one with a scheme (https://…, git+https://…, file:…)`, { start, end: this.pos });
    }
    return url;
  }

  private versionSpec(): string {
    const parenthesised = this.peek() === '(';
    if (parenthesised) this.pos++;
    const start = this.pos;
    for (;;) {
      this.versionOne();
      this.skipSpace();
      if (this.peek() !== ',') break;
      this.pos++;
      this.skipSpace();
      if (!this.startsWithOperator()) this.fail("expected a version operator (==, >=, <, ~=, …) after ','", this.here());
    }
    const spec = this.text.slice(start, this.pos).trim();
    if (parenthesised) {
      if (this.peek() !== ')') this.fail("expected ')' to close the version specifier", this.here());
      this.pos++;
    }
    return spec;
  }

  private versionOne(): void {
    this.skipSpace();
    const opStart = this.pos;
    const op = VERSION_OPERATORS.find((o) => this.text.startsWith(o, this.pos));
    if (!op) {
      if (this.peek() === '=') this.fail("'=' is not a version operator: use '==' for an exact version", { start: opStart, end: opStart + 1 });
      this.fail('expected a version operator (==, >=, <, ~=, …)', this.here());
    }
    this.pos += op.length;
    this.skipSpace();
    const start = this.pos;
    const allowed = op === '===' ? /[^\s,;)]/ : /[A-Za-z0-9\-_.*+!]/;
    while (this.pos < this.end && allowed.test(this.text[this.pos])) this.pos++;
    const version = this.text.slice(start, this.pos);
    if (!version) this.fail(`expected a version after '${op}'`, { start: opStart, end: opStart + op.length });
    if (op !== '===') checkVersion(op, version, { start, end: this.pos });
  }

  private marker(): void {
    this.markerAnd();
    while (this.keyword('or')) this.markerAnd();
  }

  private markerAnd(): void {
    this.markerExpr();
    while (this.keyword('and')) this.markerExpr();
  }

  private markerExpr(): void {
    this.skipSpace();
    if (this.peek() === '(') {
      const open = this.pos++;
      this.marker();
      this.skipSpace();
      if (this.peek() !== ')') this.fail("expected ')' to close the marker group", { start: open, end: this.pos });
      this.pos++;
      return;
    }
    this.markerVar();
    this.skipSpace();
    const op = MARKER_OPERATORS.find((o) => this.text.startsWith(o, this.pos) && (!/[a-z]$/.test(o) || !isAlnum(this.text[this.pos + o.length] ?? '')));
    if (!op) this.fail('expected a marker operator (==, !=, <, >=, in, not in, …)', this.here());
    this.pos += op.length;
    this.markerVar();
  }

  private markerVar(): void {
    this.skipSpace();
    const c = this.peek();
    if (c === '"' || c === "'") {
      const close = this.text.indexOf(c, this.pos + 1);
      if (close < 0 || close >= this.end) this.fail(`unterminated string: expected a closing ${c}`, { start: this.pos, end: this.end });
      this.pos = close + 1;
      return;
    }
    const start = this.pos;
    while (this.pos < this.end && /[A-Za-z0-9_.]/.test(this.text[this.pos])) this.pos++;
    const word = this.text.slice(start, this.pos);
    if (!word) this.fail('expected a marker variable (python_version, sys_platform, …) or a quoted string', this.here());
    if (!MARKER_VARIABLES.includes(word)) {
      this.fail(`unknown marker variable '${word}' (expected python_version, sys_platform, platform_system, os_name, …; quote literal values)`, { start, end: this.pos });
    }
  }

  private keyword(word: string): boolean {
    const save = this.pos;
    this.skipSpace();
    if (this.text.startsWith(word, this.pos) && !isAlnum(this.text[this.pos + word.length] ?? '') && this.pos + word.length <= this.end) {
      this.pos += word.length;
      return true;
    }
    this.pos = save;
    return false;
  }

  private identifier(noun: 'package name' | 'extra name'): Span {
    const start = this.pos;
    const first = this.peek();
    if (!isAlnum(first)) {
      this.fail(first ? `expected a ${noun}, found '${first}'` : `expected a ${noun}`, this.here());
    }
    while (this.pos < this.end && isNameChar(this.text[this.pos])) this.pos++;
    const next = this.peek();
    if (next && /[^\x00-\x7f]/.test(next)) {
      this.fail(`'${next}' is not allowed in a ${noun} (ASCII letters, digits, '.', '-' and '_' only)`, { start: this.pos, end: this.pos + 1 });
    }
    if (!isAlnum(this.text[this.pos - 1])) this.fail(`a ${noun} must end with a letter or digit`, { start: this.pos - 1, end: this.pos });
    return { start, end: this.pos };
  }

  private startsWithOperator(): boolean {
    return VERSION_OPERATORS.some((o) => this.text.startsWith(o, this.pos));
  }

  private skipSpace(): void {
    while (this.pos < this.end && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }

  private peek(): string {
    return this.pos < this.end ? this.text[this.pos] : '';
  }

  /** The character at the cursor, or the last one when the cursor is at the end. */
  private here(): Span {
    const start = this.pos < this.end ? this.pos : Math.max(0, this.end - 1);
    return { start, end: start + 1 };
  }

  private fail(message: string, span: Span): never {
    throw new Pep508Error(message, span);
  }
}

/** PEP 440 checks `packaging` applies to one specifier (wildcards, ~= segments, local labels). */
function checkVersion(op: string, version: string, at: Span): void {
  const plus = version.indexOf('+');
  let publicPart = plus < 0 ? version : version.slice(0, plus);
  const wildcard = publicPart.endsWith('.*');
  if (wildcard) {
    if (op !== '==' && op !== '!=') throw new Pep508Error(`'${op}${version}': a '.*' wildcard is only allowed after == or !=`, at);
    if (plus >= 0) throw new Pep508Error(`'${version}': a wildcard version cannot have a local label`, at);
    publicPart = publicPart.slice(0, -2);
  }
  if (!PUBLIC_VERSION.test(publicPart)) throw new Pep508Error(`'${version}' is not a valid version (PEP 440), e.g. 1.2, 2.0.1, 1.0rc1`, at);
  if (plus >= 0) {
    if (op !== '==' && op !== '!=') throw new Pep508Error(`'${op}${version}': a local version label (+…) is only allowed after == or !=`, at);
    if (!LOCAL_LABEL.test(version.slice(plus + 1))) throw new Pep508Error(`'${version}' has an invalid local version label`, at);
  }
  if (op === '~=' && !/^v?(?:[0-9]+!)?[0-9]+\.[0-9]+/.test(publicPart)) {
    throw new Pep508Error(`'~=${version}': ~= needs at least two release segments (e.g. ~=${publicPart}.0)`, at);
  }
}
