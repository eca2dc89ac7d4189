/** `name@spec` → [name, spec]; a scoped name keeps its leading `@` (`@scope/pkg@1.2` → `@scope/pkg`, `1.2`). */
export function splitNodeSpec(line: string): [string, string] {
  const first = line.trim().split(/\s+/)[0] ?? '';
  const at = first.lastIndexOf('@');
  if (at <= 0) return [first, 'latest'];
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
  const sorted = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
  const safeName = name.toLowerCase().replace(/[^a-z0-9_-]/g, '-') || 'pactown-app';
  return `${JSON.stringify({ name: safeName, version: '1.0.0', private: true, dependencies: sorted }, null, 2)}\n`;
}
