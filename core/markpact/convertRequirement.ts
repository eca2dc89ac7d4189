import { parseRequirement, type DepsEcosystem } from './requirements';

/**
 * A deps line rewritten for the other ecosystem's block: `express==4.18` → `express@4.18`,
 * `flask@3.0` → `flask==3.0`, one comparison kept as it is (`>=4`). A version neither side can
 * say the same way is dropped, leaving the name. Undefined when the line names no package.
 */
export function convertRequirement(line: string, from: DepsEcosystem, to: DepsEcosystem): string | undefined {
  const parsed = parseRequirement(line, from);
  if (parsed.kind !== 'package') return undefined;
  if (from === to) return line.trim();
  const { name, spec } = parsed;
  const exact = /^(?:===?)?\s*(\d[\w.+-]*)$/.exec(spec);
  const compare = /^(>=|<=|>|<)\s*(\d[\w.]*)$/.exec(spec);
  const converted = exact ? (to === 'node' ? `${name}@${exact[1]}` : `${name}==${exact[1]}`) : compare ? (to === 'node' ? `${name}@${compare[1]}${compare[2]}` : `${name}${compare[1]}${compare[2]}`) : name;
  return parseRequirement(converted, to).kind === 'package' ? converted : name;
}
