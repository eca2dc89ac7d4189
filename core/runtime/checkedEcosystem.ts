import { resolve } from 'node:path';
import { validateEcosystem } from '../diagnostics/validateEcosystem';
import { diskReader } from '../diskReader';
import type { EcosystemConfig } from '../pactown/model';
import { parseEcosystem } from '../pactown/parse';
import { lineCharacterAt } from '../text/lineCharacter';

// Apart from the orchestrator: running and exporting refuse an ecosystem with errors the same way.

/** Raised before anything starts when the ecosystem has errors (the same checks the editor shows). */
export class InvalidEcosystemError extends Error {}

/** The ecosystem in `text`, or InvalidEcosystemError listing its errors (`outcome` says what did not happen). */
export async function checkedEcosystem(path: string, text: string, outcome = 'nothing was started'): Promise<EcosystemConfig> {
  const parsed = parseEcosystem(text);
  // A README's own errors fail its service alone, with the precise reason, when it starts (the others run).
  const errors = (await validateEcosystem(resolve(path), parsed, diskReader)).filter((p) => p.severity === 'error' && p.code !== 'readme-has-errors');
  if (errors.length > 0) {
    const lines = errors.map((p) => {
      const at = lineCharacterAt(text, p.span.start);
      return `  ${path}:${at.line + 1}:${at.character + 1} ${p.code} ${p.message}`;
    });
    throw new InvalidEcosystemError(`${path} has ${errors.length} error${errors.length > 1 ? 's' : ''}; ${outcome}:\n${lines.join('\n')}`);
  }
  return parsed.config;
}

/** The ecosystem file, read and checked. */
export async function readEcosystem(path: string): Promise<EcosystemConfig> {
  const text = await diskReader.readText(resolve(path));
  if (text === undefined) throw new InvalidEcosystemError(`${path}: no such file`);
  return checkedEcosystem(path, text);
}
