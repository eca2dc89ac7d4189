import { resolve } from 'node:path';
import { parseMarkpact } from '../markpact/parse';
import type { MarkpactDocument } from '../markpact/model';
import { parseEcosystem, type ParsedEcosystem } from '../pactown/parse';
import { diskReader } from '../diskReader';
import { UsageError } from './usageError';

export type Input =
  | { kind: 'ecosystem'; path: string; text: string; parsed: ParsedEcosystem }
  | { kind: 'readme'; path: string; text: string; doc: MarkpactDocument };

/** Reads an ecosystem file or a README named on the command line. */
export async function loadInput(file: string | undefined, accept: 'ecosystem' | 'readme' | 'either' = 'either'): Promise<Input> {
  if (!file) throw new UsageError(`expected ${accept === 'readme' ? 'a README.md' : accept === 'ecosystem' ? 'an ecosystem file (*.pactown.yaml)' : 'an ecosystem file or a README'}`);
  const path = resolve(file);
  const text = await diskReader.readText(path);
  if (text === undefined) throw new UsageError(`${file}: no such file`);
  const isYaml = /\.ya?ml$/i.test(path);
  if (accept === 'ecosystem' && !isYaml) throw new UsageError(`${file}: expected an ecosystem file (*.pactown.yaml)`);
  if (accept === 'readme' && isYaml) throw new UsageError(`${file}: expected a markpact README (Markdown)`);
  return isYaml ? { kind: 'ecosystem', path, text, parsed: parseEcosystem(text) } : { kind: 'readme', path, text, doc: parseMarkpact(text) };
}
