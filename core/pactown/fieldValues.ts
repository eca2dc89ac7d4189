import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { Problem, Severity } from '../diagnostics/problem';
import type { Span } from '../text/span';
import { nearestName } from './nearest';
import { fieldsOf, type FieldScope } from './schema';
import { describe, isNull, scalarText, type Entry, type Report, type YamlReader } from './yamlNodes';

/** What the readers of one ecosystem file share. */
export interface ReadContext {
  reader: YamlReader;
  report: Report;
}

/** Reports an `invalid-value` problem. */
export function invalid(ctx: ReadContext, span: Span, severity: Severity, message: string, extra?: Pick<Problem, 'data' | 'related'>): void {
  ctx.report({ code: 'invalid-value', severity, span, message, ...extra });
}

const SCOPE_NAMES: Readonly<Record<FieldScope, string>> = {
  ecosystem: 'top-level field', service: 'service field', dependency: 'depends_on field', registry: 'registry field',
};

/** Reports a key pactown does not read in a scope, with the nearest known key when there is one. */
export function unknownField(ctx: ReadContext, entry: Entry, scope: FieldScope, severity: Severity, effect: string): void {
  const key = entry.key ?? '';
  const suggestion = nearestName(key, fieldsOf(scope).map((f) => f.name));
  const hint = suggestion ? `. Did you mean '${suggestion}'?` : `. Known: ${fieldsOf(scope).map((f) => f.name).join(', ')}`;
  ctx.report({ code: 'unknown-field', severity, span: entry.keySpan, message: `unknown ${SCOPE_NAMES[scope]} '${key}': ${effect}${hint}`, ...(suggestion ? { data: { suggestion } } : {}) });
}

/** Reports a field pactown parses but never acts on. */
export function ignoredField(ctx: ReadContext, entry: Entry, why: string): void {
  ctx.report({ code: 'ignored-field', severity: 'info', span: entry.keySpan, message: `\`${entry.key ?? ''}\` ${why}` });
}

/** Reports a key that is not a plain name (`? [a]`, a null key): PyYAML cannot hash a collection key. */
export function reportKeyless(ctx: ReadContext, entry: Entry): void {
  invalid(ctx, entry.keySpan, 'error', 'this key is not a plain name: pactown cannot read it (a list or mapping as a key makes its loader fail). Write a name before the colon');
}

export interface TextRule {
  /** Severity when the value is not a string (error when pactown then fails). */
  severity: Severity;
  /** What pactown does with the wrong value, completing "pactown …". */
  effect: string;
  /** `null` means "use the default" for this field. */
  nullable?: boolean;
}

/**
 * A string field's value. A number or boolean is accepted as written (quoting is suggested: YAML
 * reads `1.10` as 1.1); null is the default for nullable fields; anything else is reported.
 */
export function readText(ctx: ReadContext, entry: Entry, rule: TextRule): string | undefined {
  const { value } = entry;
  const name = `\`${entry.key ?? ''}\``;
  if (isNull(value)) {
    if (!rule.nullable) invalid(ctx, entry.keySpan, rule.severity, `${name} is empty (null): pactown ${rule.effect}. Write a value, or remove the line to get the default`);
    return undefined;
  }
  if (isScalar(value) && typeof value.value === 'string') return value.value;
  const text = scalarText(value);
  if (text !== undefined) {
    const seen = pythonText(isScalar(value) ? value.value : undefined);
    const differs = seen !== undefined && seen !== text ? `, so pactown sees '${seen}'` : '';
    invalid(ctx, entry.valueSpan, 'warning', `${name} should be a string, but YAML reads ${describe(value)} here${differs}. Quote it: '${text}'`, { data: { suggestion: `'${text}'` } });
    return text;
  }
  invalid(ctx, entry.valueSpan, rule.severity, `${name} must be a string, not ${describe(value)}: pactown ${rule.effect}. Write a single value`);
  return undefined;
}

/** Python's `str()` of a YAML number or boolean (`1.10` → `1.1`, `yes` → `True`). */
function pythonText(value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'number' ? String(value) : undefined;
}

/** A port-like value (`port`, `base_port`): a whole number from 1 to 65535; below 1024 only warns. */
export function readPort(ctx: ReadContext, entry: Entry, effect: string): number | undefined {
  const { value } = entry;
  const name = `\`${entry.key ?? ''}\``;
  const number = isScalar(value) && typeof value.value === 'number' && Number.isInteger(value.value) ? value.value : undefined;
  if (number === undefined || number < 1 || number > 65535) {
    invalid(ctx, entry.valueSpan, 'error', `${name} must be a whole number from 1 to 65535, not ${describe(value)}: pactown ${effect}. Write a port number, e.g. 8000`);
    return undefined;
  }
  if (number < 1024) {
    invalid(ctx, entry.valueSpan, 'warning', `${name} ${number} is a privileged port: pactown's allocator skips it and picks a free port from 10000 up. Use a port from 1024 to 65535`);
  }
  return number;
}

/** A field that must hold a mapping (`services`, `registry`, `env`); reports null and other shapes. */
export function readMapping(ctx: ReadContext, entry: Entry, effect: string, example: string): YAMLMap | undefined {
  if (isMap(entry.value)) return entry.value;
  const span = isNull(entry.value) ? entry.keySpan : entry.valueSpan;
  const what = isNull(entry.value) ? 'is empty (null)' : `must be a mapping, not ${describe(entry.value)}`;
  invalid(ctx, span, 'error', `\`${entry.key ?? ''}\` ${what}: pactown ${effect}. ${example}`);
  return undefined;
}
