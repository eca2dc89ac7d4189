import { attribute, type MarkpactBlock } from './model';
import { isShellName } from '../text/shellName';

/**
 * `template=true` file blocks, filled as markpact 0.1.42 fills them (`src/markpact/template.py`,
 * docs/reference-compat.md "File block attributes"). Three passes over the body, each over the
 * previous one's result: `${ask:Label[:-default]}`, then `${env:VAR[:-default]}`, then `${VAR}`.
 * A placeholder ends at the first `}` after its `${` (every group of markpact's regexes excludes
 * `}`); there is no escape. Scanned by hand so the work stays linear in the body.
 */

export type PlaceholderKind = 'ask' | 'env' | 'var';

export interface Placeholder {
  kind: PlaceholderKind;
  /** 0-based line of the text scanned where it starts. */
  line: number;
  /** The label (`ask`) or the variable name. */
  name: string;
  /** After `:-`; undefined when there is none (an empty default is ''). */
  default?: string;
  /** Offsets in the text scanned: from `$` to after `}`. */
  start: number;
  end: number;
}

/** Where a value comes from before anyone is asked. */
export interface TemplateSources {
  env: Readonly<Record<string, string | undefined>>;
  /** KEY=VALUE pairs of the secrets file (see parseSecrets). */
  secrets: ReadonlyMap<string, string>;
  /** Answers to `ask:` labels (typed in the editor, or remembered); an answer wins over a default. */
  answers?: ReadonlyMap<string, string>;
}

export interface FilledTemplate {
  text: string;
  /** `ask:` labels with no value and no default: markpact leaves them in the file; pactown refuses to write it. */
  unanswered: Placeholder[];
  /** `${env:X}` with X unset (or empty) and no default: left in the file as markpact does, with a warning. */
  unsetEnv: Placeholder[];
}

/** A placeholder longer than this is not read as one (markpact has no limit; this keeps scanning linear). */
export const MAX_PLACEHOLDER_LENGTH = 1024;

/** `template=true`, `yes` or `1`, as markpact's `get_meta_value("template")` compares. */
export function isTemplateBlock(block: MarkpactBlock): boolean {
  return block.kind === 'file' && ['true', 'yes', '1'].includes(attribute(block, 'template')?.value ?? '');
}

/** The placeholder of one kind whose `${` is at `start` and whose `}` is at `close`, as markpact's regex for that kind reads it. */
function readPlaceholder(text: string, start: number, close: number, kind: PlaceholderKind, lineAt: (offset: number) => number): Placeholder | undefined {
  const inner = text.slice(start + 2, close);
  const end = close + 1;
  if (kind === 'var') return isShellName(inner) ? { kind, name: inner, line: lineAt(start), start, end } : undefined;
  const prefix = `${kind}:`;
  if (!inner.startsWith(prefix)) return undefined;
  const rest = inner.slice(prefix.length);
  const colon = rest.indexOf(':');
  const name = colon < 0 ? rest : rest.slice(0, colon);
  if (colon >= 0 && rest[colon + 1] !== '-') return undefined;
  if (kind === 'ask' ? name === '' : !isShellName(name)) return undefined;
  const line = lineAt(start);
  return colon < 0 ? { kind, name, line, start, end } : { kind, name, default: rest.slice(colon + 2), line, start, end };
}

/** Every placeholder of one kind, left to right, as `re.finditer` finds them. */
export function findPlaceholders(text: string, kind: PlaceholderKind, limit = Infinity): Placeholder[] {
  const found: Placeholder[] = [];
  let close = -1;
  const lines = lineCounter(text);
  for (let at = text.indexOf('${'); at >= 0 && found.length < limit; ) {
    if (close <= at) close = text.indexOf('}', at + 2);
    if (close < 0) break; // no `}` after here: nothing further can match
    const placeholder = close - at < MAX_PLACEHOLDER_LENGTH ? readPlaceholder(text, at, close, kind, lines) : undefined;
    if (placeholder) found.push(placeholder);
    at = text.indexOf('${', placeholder ? placeholder.end : at + 1);
  }
  return found;
}

/** The 0-based line of increasing offsets, counting each newline once. */
function lineCounter(text: string): (offset: number) => number {
  let line = 0;
  let next = text.indexOf('\n');
  return (offset) => {
    while (next >= 0 && next < offset) {
      line++;
      next = text.indexOf('\n', next + 1);
    }
    return line;
  };
}

function substitute(text: string, placeholders: readonly Placeholder[], value: (p: Placeholder) => string | undefined): string {
  let out = '';
  let from = 0;
  for (const p of placeholders) {
    const v = value(p);
    if (v === undefined) continue;
    out += text.slice(from, p.start) + v;
    from = p.end;
  }
  return out + text.slice(from);
}

/** markpact's `has_template_placeholders`: only a body with an `ask:` or `env:` placeholder is filled at all. */
export function hasTemplatePlaceholders(body: string): boolean {
  return findPlaceholders(body, 'ask', 1).length > 0 || findPlaceholders(body, 'env', 1).length > 0;
}

/** An environment value markpact uses: set and not empty (`if env_val:`). */
const fromEnv = (env: TemplateSources['env'], name: string) => (env[name] ? env[name] : undefined);

/**
 * The value an `ask:` placeholder gets before (or without) asking: the secrets file (the label as
 * key), then the environment (the label as a variable name). Undefined: it must be asked or defaulted.
 */
export function askValueWithoutPrompt(label: string, sources: Pick<TemplateSources, 'env' | 'secrets'>): string | undefined {
  return sources.secrets.has(label) ? sources.secrets.get(label) : fromEnv(sources.env, label);
}

/** The `ask:` placeholders an interactive run would prompt for (no value from the secrets file or the environment). */
export function pendingAsks(body: string, sources: Pick<TemplateSources, 'env' | 'secrets'>): Placeholder[] {
  if (!hasTemplatePlaceholders(body)) return [];
  return findPlaceholders(body, 'ask').filter((p) => askValueWithoutPrompt(p.name, sources) === undefined);
}

/** Fills a template body exactly as markpact's `resolve_template` does, answers standing in for its prompt. */
export function fillTemplate(body: string, sources: TemplateSources): FilledTemplate {
  const unanswered: Placeholder[] = [];
  const unsetEnv: Placeholder[] = [];
  if (!hasTemplatePlaceholders(body)) return { text: body, unanswered, unsetEnv };
  let text = substitute(body, findPlaceholders(body, 'ask'), (p) => {
    const value = askValueWithoutPrompt(p.name, sources) ?? sources.answers?.get(p.name) ?? p.default;
    if (value === undefined) unanswered.push(p);
    return value;
  });
  text = substitute(text, findPlaceholders(text, 'env'), (p) => {
    const value = fromEnv(sources.env, p.name) ?? p.default;
    if (value === undefined) unsetEnv.push(p);
    return value;
  });
  text = substitute(text, findPlaceholders(text, 'var'), (p) => fromEnv(sources.env, p.name) ?? sources.secrets.get(p.name));
  return { text, unanswered, unsetEnv };
}

/**
 * A secrets file as markpact's `load_secrets` reads it: `KEY=VALUE` lines, blank and `#` lines
 * skipped, key and value trimmed, then every `"` and then every `'` at either end of the value
 * removed (Python's `strip('"').strip("'")`); a later key replaces an earlier one.
 */
export function parseSecrets(text: string): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const value = stripChar(stripChar(line.slice(eq + 1).trim(), '"'), "'");
    secrets.set(line.slice(0, eq).trim(), value);
  }
  return secrets;
}

/** Python's `s.strip(ch)` for one character. */
function stripChar(s: string, ch: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === ch) start++;
  while (end > start && s[end - 1] === ch) end--;
  return s.slice(start, end);
}

/** Labels that look like they name a secret: the editor asks for them password-style. */
export function looksSecret(label: string): boolean {
  return /pass|secret|token|key|pwd|credential|auth/i.test(label);
}
