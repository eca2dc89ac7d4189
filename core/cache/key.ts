import { createHash } from 'node:crypto';

export type Ecosystem = 'python' | 'node';

/** What decides an environment's contents besides its requirements. */
export interface RuntimeIdentity {
  /** `python` or `node`. */
  name: Ecosystem;
  /** Interpreter path (Python) — a venv is tied to the interpreter it was made from. */
  path?: string;
  /** Full version for Python (`3.11.7`), major version for Node (`20`). */
  version: string;
}

function sha16(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/**
 * The requirement lines that decide an environment, in a canonical order: trimmed, inner
 * whitespace collapsed, comments and blank lines dropped, duplicates removed, sorted. Python
 * lines are lower-cased as the reference does (pip names are case-insensitive).
 */
export function normalizeRequirements(ecosystem: Ecosystem, lines: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of lines) {
    const withoutComment = raw.replace(/(^|\s)#.*$/, '');
    let line = withoutComment.trim().replace(/\s+/g, ' ');
    if (!line) continue;
    if (ecosystem === 'python') line = line.toLowerCase();
    seen.add(line);
  }
  return [...seen].sort();
}

/** Identifies a dependency set regardless of runtime: what the editor can compute without running anything. */
export function depsHash(ecosystem: Ecosystem, normalized: readonly string[]): string {
  return sha16(`${ecosystem}\n${normalized.join('\n')}`);
}

export function currentPlatform(): string {
  return `${process.platform}-${process.arch}`;
}

/** The cache key: requirements + runtime + platform (spec §4.1 hashed only the requirements). */
export function cacheKey(ecosystem: Ecosystem, normalized: readonly string[], runtime: RuntimeIdentity, platform = currentPlatform()): string {
  return sha16(JSON.stringify({ ecosystem, requirements: normalized, runtime, platform }));
}
