import type { Problem, Severity } from '../../diagnostics/problem';
import { validateEcosystemAndReadmes } from '../../diagnostics/validateEcosystem';
import { validateReadme } from '../../diagnostics/validateReadme';
import { append } from '../../text/append';
import { lineCharacterAt } from '../../text/lineCharacter';
import { diskReader } from '../../diskReader';
import { loadInput, type Input } from '../loadInput';
import { shownPath } from '../shownPath';
import { exitCodes } from '../usageError';

export const validateHelp = `pactown validate <ecosystem.yaml | README.md> [--json]

Checks a file exactly as the language server does; an ecosystem also gets each README
its services run checked, as on its own. Prints one line per problem,
  file:line:col severity code message
then a summary line (only the summary when there is nothing to report), or a JSON
array of the problems with --json. Exits 1 when any problem is an error, 0 otherwise.`;

interface Row {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  source: Problem['source'];
  code: string;
  message: string;
}

/** The language server's diagnostics for a file, for scripts and CI. */
export async function validate(file: string | undefined, json: boolean): Promise<number> {
  const input = await loadInput(file);
  const { rows, checked } = await check(input);
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const r of rows) process.stdout.write(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message}\n`);
    process.stdout.write(`${shownPath(input.path)}: ${tally(rows)}${checked}\n`);
  }
  return rows.some((r) => r.severity === 'error') ? exitCodes.failed : exitCodes.ok;
}

/** The file's problems (an ecosystem's, then those of each README it runs), and what was checked. */
async function check(input: Input): Promise<{ rows: Row[]; checked: string }> {
  if (input.kind === 'readme') return { rows: rowsOf(input.path, input.text, await validateReadme(input.path, input.doc, diskReader)), checked: '' };
  const { problems, readmes } = await validateEcosystemAndReadmes(input.path, input.parsed, diskReader);
  const rows = rowsOf(input.path, input.text, problems);
  for (const readme of readmes) if (readme.loaded) append(rows, rowsOf(readme.path, readme.loaded.doc.text, readme.problems));
  const found = readmes.filter((r) => r.loaded).length;
  return { rows, checked: ` (${count(input.parsed.config.services.length, 'service')}, ${count(found, 'README')} checked)` };
}

function rowsOf(path: string, text: string, problems: Problem[]): Row[] {
  const file = shownPath(path);
  return problems.map((p) => {
    const start = lineCharacterAt(text, p.span.start);
    return { file, line: start.line + 1, column: start.character + 1, severity: p.severity, source: p.source, code: p.code, message: p.message };
  });
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** "no problems", or "2 errors, 1 warning". */
function tally(rows: Row[]): string {
  const severities: Severity[] = ['error', 'warning', 'info', 'hint'];
  const counts = severities.map((s) => [s, rows.filter((r) => r.severity === s).length] as const).filter(([, n]) => n > 0);
  return counts.length === 0 ? 'no problems' : counts.map(([s, n]) => (s === 'info' ? `${n} info` : count(n, s))).join(', ');
}
