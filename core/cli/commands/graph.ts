import { findCycles, localDependencies, startOrder } from '../../pactown/graph';
import { loadInput } from '../loadInput';
import { exitCodes, UsageError } from '../usageError';

export const graphHelp = `pactown graph <ecosystem.yaml> [--format text|mermaid|dot|json]

Prints the dependency graph of an ecosystem in start order, with each service's port.`;

const formats = ['text', 'mermaid', 'dot', 'json'] as const;
type Format = (typeof formats)[number];

/** The ecosystem's dependency graph as text, Mermaid, Graphviz dot or JSON. */
export async function graph(file: string | undefined, format = 'text'): Promise<number> {
  if (!formats.includes(format as Format)) throw new UsageError(`--format must be one of ${formats.join(', ')}`);
  const input = await loadInput(file, 'ecosystem');
  if (input.kind !== 'ecosystem') return exitCodes.usage;
  const { config } = input.parsed;
  const deps = localDependencies(config);
  const order = startOrder(config);
  const ordered = [...order, ...config.services.map((s) => s.name).filter((n) => !order.includes(n))];
  const port = (name: string) => config.services.find((s) => s.name === name)?.port;
  const id = (name: string) => JSON.stringify(name);
  const lines: string[] = [];
  switch (format as Format) {
    case 'json':
      lines.push(JSON.stringify({ name: config.name, order, cycles: findCycles(config), services: ordered.map((name) => ({ name, port: port(name), dependsOn: deps.get(name) ?? [] })) }, null, 2));
      break;
    case 'mermaid':
      lines.push('graph LR');
      for (const name of ordered) lines.push(`  ${mermaidId(name)}["${name}:${port(name)}"]`);
      for (const name of ordered) for (const dep of deps.get(name) ?? []) lines.push(`  ${mermaidId(name)} --> ${mermaidId(dep)}`);
      break;
    case 'dot':
      lines.push(`digraph ${id(config.name)} {`, '  rankdir=LR;');
      for (const name of ordered) lines.push(`  ${id(name)} [label=${id(`${name}:${port(name)}`)}];`);
      for (const name of ordered) for (const dep of deps.get(name) ?? []) lines.push(`  ${id(name)} -> ${id(dep)};`);
      lines.push('}');
      break;
    default:
      lines.push(`Ecosystem: ${config.name}`);
      for (const name of ordered) {
        const d = deps.get(name) ?? [];
        lines.push(`[${name}:${port(name)}] ${d.length ? `→ ${d.join(', ')}` : '(no deps)'}`);
      }
      for (const cycle of findCycles(config)) lines.push(`cycle: ${cycle.join(' → ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return findCycles(config).length > 0 ? exitCodes.failed : exitCodes.ok;
}

function mermaidId(name: string): string {
  return `s_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
