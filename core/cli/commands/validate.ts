import { relative } from 'node:path';
import type { Problem } from '../../diagnostics/problem';
import { validateEcosystem } from '../../diagnostics/validateEcosystem';
import { validateReadme } from '../../diagnostics/validateReadme';
import { lineCharacterAt } from '../../text/lineCharacter';
import { diskReader } from '../../diskReader';
import { loadInput } from '../loadInput';
import { exitCodes } from '../usageError';

export const validateHelp = `pactown validate <ecosystem.yaml | README.md> [--json]

Checks a file exactly as the language server does. Prints one line per problem,
  file:line:col severity code message
or a JSON array with --json. Exits 1 when any problem is an error, 0 otherwise.`;

/** The language server's diagnostics for a file, for scripts and CI. */
export async function validate(file: string | undefined, json: boolean): Promise<number> {
  const input = await loadInput(file);
  const problems: Problem[] =
    input.kind === 'ecosystem' ? await validateEcosystem(input.path, input.parsed, diskReader) : await validateReadme(input.path, input.doc, diskReader);
  const shown = relative(process.cwd(), input.path) || input.path;
  const rows = problems.map((p) => {
    const start = lineCharacterAt(input.text, p.span.start);
    return { file: shown, line: start.line + 1, column: start.character + 1, severity: p.severity, source: p.source, code: p.code, message: p.message };
  });
  if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else for (const r of rows) process.stdout.write(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message}\n`);
  return rows.some((r) => r.severity === 'error') ? exitCodes.failed : exitCodes.ok;
}
