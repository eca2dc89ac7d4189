import type { Listed } from './listDiagnostics';

/**
 * test/compat/expected-diagnostics.txt: one diagnostic of the compatibility files a line,
 *   <file>:<line> <severity> <code> | <why it is real>
 * `#` lines and blank lines are comments. A reason starting with TODO is no reason.
 */
export interface Expectation {
  key: string;
  reason: string;
  /** 1-based line in the expectations file. */
  at: number;
}

export const expectationsPath = 'test/compat/expected-diagnostics.txt';

export const keyOf = (d: Pick<Listed, 'file' | 'line' | 'severity' | 'code'>) => `${d.file}:${d.line} ${d.severity} ${d.code}`;

const entry = /^(\S+:\d+ (?:error|warning|info|hint) \S+) \| ?(.*)$/;

/** The entries of an expectations file; lines that are not entries are returned as malformed. */
export function parseExpectations(text: string): { entries: Expectation[]; malformed: { at: number; line: string }[] } {
  const entries: Expectation[] = [];
  const malformed: { at: number; line: string }[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = entry.exec(line);
    if (match) entries.push({ key: match[1], reason: match[2].trim(), at: i + 1 });
    else malformed.push({ at: i + 1, line });
  });
  return { entries, malformed };
}

export const hasReason = (e: Expectation) => e.reason !== '' && !/^TODO\b/.test(e.reason);

/** Each listed diagnostic as an expectations line: its reason taken from `previous` (same key, in order), else a TODO with its message. */
export function formatExpectations(listed: Listed[], previous: Expectation[]): string {
  const reasons = new Map<string, string[]>();
  for (const e of previous) if (hasReason(e)) reasons.set(e.key, [...(reasons.get(e.key) ?? []), e.reason]);
  const lines = listed.map((d) => {
    const key = keyOf(d);
    const reason = reasons.get(key)?.shift() ?? `TODO: why is this real? (${d.message.replace(/\s+/g, ' ')})`;
    return `${key} | ${reason}`;
  });
  return `${header}${lines.join('\n')}\n`;
}

const header = `# Every diagnostic the checker reports on the compatibility files (../shared/corpus and
# test/fixtures/upstream), each with why it is real. test/unit/compatibility.test.ts fails on a
# new one, on one that is gone, and on an entry without a reason. Regenerate with
#   npm run -s compat:list > test/compat/expected-diagnostics.next && mv test/compat/expected-diagnostics.next ${expectationsPath}
# (reasons are kept for entries that stay; new ones get a TODO to replace).
`;

/** Multiset difference of keys: what is reported but not expected, and what is expected but no longer reported. */
export function compareExpectations(listed: Listed[], expected: Expectation[]): { added: Listed[]; gone: Expectation[] } {
  const remaining = new Map<string, Expectation[]>();
  for (const e of expected) remaining.set(e.key, [...(remaining.get(e.key) ?? []), e]);
  const added: Listed[] = [];
  for (const d of listed) {
    const left = remaining.get(keyOf(d));
    if (left && left.length > 0) left.shift();
    else added.push(d);
  }
  return { added, gone: [...remaining.values()].flat() };
}
