/**
 * `name@spec` → [name, spec], split at the first `@` after the name: a scoped name keeps its
 * leading `@` (`@scope/pkg@1.2` → `@scope/pkg`, `1.2`; pactown kept it whole), and a spec may
 * itself hold `@` (`x@git+ssh://git@host/x.git`, `x@npm:y@2`). No version: `latest`, except
 * `@capacitor/*`, which pactown pins to `^6.0.0`.
 */
export function splitNodeSpec(line: string): [string, string] {
  const first = line.trim().split(/\s+/)[0] ?? '';
  const at = first.indexOf('@', 1);
  if (at < 0) return [first, first.startsWith('@capacitor/') ? '^6.0.0' : 'latest'];
  return [first.slice(0, at), first.slice(at + 1) || 'latest'];
}

/** The package.json pactown generates for Node deps lines (spec §1.3, with scoped names split correctly). */
export function generatePackageJson(name: string, lines: readonly string[]): string {
  const dependencies: Record<string, string> = {};
  for (const line of lines) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const [pkg, spec] = splitNodeSpec(line);
    dependencies[pkg] = spec;
  }
  const safeName = name.toLowerCase().replace(/[^a-z0-9_-]/g, '-') || 'pactown-app';
  return stableJson({ name: safeName, version: '1.0.0', private: true, dependencies });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/**
 * The package.json a shared environment is installed from when the README brings its own: the
 * same dependencies, without what only makes sense in the sandbox (the root `scripts`, which npm
 * would run in the cache entry, and `workspaces`). Keys are sorted, so equal content gives equal
 * text — the text is part of the cache key.
 */
export function entryPackageJson(readmePackageJson: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readmePackageJson);
  } catch (error) {
    throw new Error(`the README's package.json is not valid JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error("the README's package.json is not a JSON object");
  const { scripts: _scripts, workspaces: _workspaces, ...rest } = parsed as Record<string, unknown>;
  return stableJson(rest);
}
