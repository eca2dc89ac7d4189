import { basename } from 'node:path';
import { serviceNameProblem } from '../../pactown/serviceName';
import { defaultEcosystemFile, newEcosystemFiles } from '../../scaffold/newEcosystem';
import { findTemplate, serviceTemplates } from '../../scaffold/templates';
import { basePortOption, folderArgument, outputInside } from '../scaffoldOptions';
import { UsageError } from '../usageError';
import { shownPath } from '../shownPath';
import { writeFiles } from '../writeFiles';
import { validate } from './validate';

export const initHelp = `pactown init [folder] [-n name] [-o ${defaultEcosystemFile}] [-p 8000] [-t template] [-s service] [--force]

Creates a new ecosystem in a folder (default: the current one, created if missing): an
ecosystem file and one service README that serves GET / and GET /health, with a test block,
ready for \`pactown up\`. Templates: ${serviceTemplates.map((t) => `${t.id} (${t.label})`).join(', ')};
the default, python, and node need nothing installed. -n names the ecosystem (default: the
folder's name), -s the service (default: api), -o the ecosystem file (inside the folder),
-p its base port. Existing files are never overwritten without --force.`;

export const initOptions = {
  template: { type: 'string', short: 't' },
  service: { type: 'string', short: 's' },
} as const;

export async function init(folderPath: string | undefined, flags: Record<string, string | boolean | undefined>): Promise<number> {
  const folder = folderArgument(folderPath ?? '.', 'init', { create: true });
  const text = (key: string) => (typeof flags[key] === 'string' ? (flags[key] as string) : undefined);
  const template = findTemplate(text('template') ?? 'python');
  if (!template) throw new UsageError(`--template must be one of ${serviceTemplates.map((t) => t.id).join(', ')}`);
  const service = text('service') ?? 'api';
  const problem = serviceNameProblem(service);
  if (problem) throw new UsageError(`--service ${service}: ${problem}`);
  const output = outputInside(folder, text('output'));
  const basePort = basePortOption(text('base-port'));
  const files = newEcosystemFiles({ name: text('name') ?? basename(folder), service, template, basePort, output });
  const written = writeFiles(folder, files, flags.force === true);
  for (const path of written) process.stdout.write(`created ${shownPath(path)}\n`);
  const yaml = written[0];
  const code = await validate(yaml, false);
  process.stdout.write(`Next: pactown up ${shownPath(yaml)}   (then GET http://127.0.0.1:${basePort}/health)\n`);
  if (template.packages.length > 0) process.stdout.write(`Its first start installs ${template.packages.join(', ')} (from your package index).\n`);
  return code;
}
