import { join } from 'node:path';
import { generateEcosystem, type GeneratedService } from '../../scaffold/generate';
import type { SkippedReadme } from '../../scaffold/findReadmes';
import { defaultEcosystemFile } from '../../scaffold/newEcosystem';
import { basePortOption, folderArgument, outputInside } from '../scaffoldOptions';
import { shownPath } from '../shownPath';
import { writeFiles } from '../writeFiles';
import { exitCodes } from '../usageError';
import { validate } from './validate';

export const generateHelp = `pactown generate <folder> [-n name] [-o ${defaultEcosystemFile}] [-p 8000] [--force]

Writes an ecosystem file for the READMEs under a folder: each README with a run command
becomes a service named after its folder; a port its run command fixes is kept, the others
are assigned from the base port (-p); /health (or /) becomes the health check when a test
block GETs it or a file has the route; a <NAME>_URL it reads makes it depend on that service.
Every README left out is listed with the reason. -o is the file to write, inside the folder
(never overwritten without --force); -n the ecosystem's name (default: the folder's name).
The result is then checked as \`pactown validate\` does (exit 1 on errors).`;

export async function generate(folderPath: string | undefined, flags: Record<string, string | boolean | undefined>): Promise<number> {
  const folder = folderArgument(folderPath, 'generate');
  const text = (key: string) => (typeof flags[key] === 'string' ? (flags[key] as string) : undefined);
  const output = outputInside(folder, text('output'));
  const name = text('name');
  const generated = await generateEcosystem({ folder, output: join(folder, output), basePort: basePortOption(text('base-port')), ...(name !== undefined ? { name } : {}) });
  printSkipped(generated.skipped);
  if (generated.services.length === 0) {
    process.stderr.write(`pactown: no README with a run command under ${shownPath(folder)}: nothing written\n`);
    return exitCodes.failed;
  }
  const [path] = writeFiles(folder, [{ path: output, content: generated.yaml }], flags.force === true);
  process.stdout.write(`wrote ${shownPath(path)}: ${generated.services.length} service${generated.services.length === 1 ? '' : 's'}\n`);
  const width = Math.max(...generated.services.map((s) => s.name.length));
  for (const service of generated.services) process.stdout.write(`  ${service.name.padEnd(width)}  ${describe(service)}\n`);
  const code = await validate(path, false);
  process.stdout.write(`Next: pactown up ${shownPath(path)}\n`);
  return code;
}

function describe(service: GeneratedService): string {
  const parts = [service.readme, `port ${service.port}${service.portFrom === 'run command' ? ' (fixed by its run command)' : ''}`];
  parts.push(service.healthCheck ? `health ${service.healthCheck} (${service.healthFrom})` : 'no health check (the port answering counts)');
  const deps = Object.entries(service.dependencyEvidence);
  if (deps.length > 0) parts.push(`depends on ${deps.map(([dep, variable]) => `${dep} (reads ${variable})`).join(', ')}`);
  if (service.renamedFrom !== undefined) parts.push(`named '${service.name}': its folder's name '${service.renamedFrom}' is taken or not a safe service name`);
  return parts.join(' · ');
}

function printSkipped(skipped: readonly SkippedReadme[]): void {
  if (skipped.length === 0) return;
  process.stdout.write(`left out ${skipped.length}:\n`);
  for (const s of skipped) process.stdout.write(`  ${s.path}: ${s.reason}\n`);
}
