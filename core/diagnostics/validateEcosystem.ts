import { append } from '../text/append';
import { dirname, relative, resolve } from 'node:path';
import { loadReadme } from '../markpact/loadReadme';
import type { EcosystemConfig, ServiceConfig } from '../pactown/model';
import { checkEcosystem } from '../pactown/checks';
import { checkSandboxRoot } from '../pactown/sandboxRootCheck';
import type { ParsedEcosystem } from '../pactown/parse';
import type { FileReader } from '../workspace';
import type { Problem } from './problem';

/**
 * Every `pactown` problem of an ecosystem file: its own (syntax, fields, graph, ports) and, when
 * it has a path on disk, those of the READMEs its services reference.
 */
export async function validateEcosystem(path: string | undefined, parsed: ParsedEcosystem, reader: FileReader, own = ownProblems(path, parsed)): Promise<Problem[]> {
  const problems = [...own];
  if (path) append(problems, await checkReadmes(path, parsed.config, reader));
  return problems.sort(byPlace);
}

/** The problems of the ecosystem file itself (no other file read): what the editor can show first. */
export function ownProblems(path: string | undefined, parsed: ParsedEcosystem): Problem[] {
  const problems = checkEcosystem(parsed);
  if (path) append(problems, checkSandboxRoot(path, parsed.config));
  return problems.sort(byPlace);
}

const byPlace = (a: Problem, b: Problem) => a.span.start - b.span.start || a.span.end - b.span.end;

async function checkReadmes(path: string, config: EcosystemConfig, reader: FileReader): Promise<Problem[]> {
  const folder = dirname(path);
  // Services often share a README (and a ring of 5,000 can): each file is read once per check.
  const reads = new Map<string, Promise<string | undefined>>();
  const once: FileReader = {
    readText: (file) => {
      let read = reads.get(file);
      if (!read) reads.set(file, (read = reader.readText(file)));
      return read;
    },
  };
  const found = await Promise.all(config.services.map((service) => checkReadme(folder, service, once)));
  return found.flatMap((p) => p ?? []);
}

async function checkReadme(folder: string, service: ServiceConfig, reader: FileReader): Promise<Problem | undefined> {
  const readmePath = resolve(folder, service.readme);
  const shown = relative(folder, readmePath) || service.readme;
  const span = service.readmeSpan ?? service.nameSpan;
  const loaded = await loadReadme(readmePath, reader, service.name);
  if (!loaded) {
    const why = service.readmeSpan ? '' : ` (the default for a service without \`readme:\` is \`${service.name}/README.md\`)`;
    return problem('readme-not-found', span, `README not found for '${service.name}': ${shown}${why}. Create it, or point \`readme:\` at the service's README (relative to this file's folder)`);
  }
  if (!loaded.service.run) {
    return problem('readme-no-run', span, `'${service.name}' cannot start: ${shown} has no run command. Add a \`markpact:run\` block to it (or a main.py, app.py, index.js, server.js or main.js file block pactown can infer one from)`);
  }
  return undefined;
}

function problem(code: string, span: Problem['span'], message: string): Problem {
  return { source: 'pactown', code, severity: 'error', span, message };
}
