import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validateEcosystem } from '../../core/diagnostics/validateEcosystem';
import { validateReadme } from '../../core/diagnostics/validateReadme';
import type { Problem } from '../../core/diagnostics/problem';
import { diskReader } from '../../core/diskReader';
import { parseMarkpact } from '../../core/markpact/parse';
import { parseEcosystem } from '../../core/pactown/parse';
import { lineCharacterAt } from '../../core/text/lineCharacter';

/** A folder of real READMEs and ecosystems, and the name its files are listed under. */
export interface CompatRoot {
  label: string;
  dir: string;
}

/** One diagnostic of a compatibility file, as the checker reports it. */
export interface Listed {
  /** `<label>/<path inside the root>`. */
  file: string;
  line: number;
  severity: Problem['severity'];
  code: string;
  message: string;
}

// Tests and npm scripts run from the repository's root.
const repo = process.cwd();

/** The shared corpus and the upstream copies (test/fixtures/upstream/SOURCE.md says where they come from). */
export const compatRoots: CompatRoot[] = [
  { label: 'corpus', dir: join(repo, '..', 'shared', 'corpus') },
  { label: 'upstream', dir: join(repo, 'test', 'fixtures', 'upstream') },
];

const checked = /(\.md|\.pactown\.ya?ml)$/i;
// The notes about the fixtures themselves are not fixtures.
const notes = new Set(['SOURCE.md', 'BASELINE.md']);

/** Every README and ecosystem file under the roots, in a stable order. */
export function compatFiles(roots = compatRoots): { label: string; path: string }[] {
  const files: { label: string; path: string }[] = [];
  for (const root of roots) {
    const entries = readdirSync(root.dir, { recursive: true, withFileTypes: true });
    const paths = entries.filter((e) => e.isFile() && checked.test(e.name)).map((e) => join(e.parentPath, e.name));
    for (const path of paths.sort()) if (!(path.startsWith(root.dir + '/') && notes.has(relative(root.dir, path)))) files.push({ label: `${root.label}/${relative(root.dir, path)}`, path });
  }
  return files;
}

/** The diagnostics `pactown validate` reports for each file on its own (an ecosystem: its own lines, with its READMEs' summaries). */
export async function listDiagnostics(roots = compatRoots): Promise<Listed[]> {
  const listed: Listed[] = [];
  for (const { label, path } of compatFiles(roots)) {
    const text = readFileSync(path, 'utf8');
    const problems = /\.ya?ml$/i.test(path)
      ? await validateEcosystem(path, parseEcosystem(text), diskReader)
      : await validateReadme(path, parseMarkpact(text), diskReader);
    for (const p of problems) listed.push({ file: label, line: lineCharacterAt(text, p.span.start).line + 1, severity: p.severity, code: p.code, message: p.message });
  }
  return listed;
}
