import { dirname, relative, resolve } from 'node:path';
import { validateEcosystemAndReadmes } from '../../diagnostics/validateEcosystem';
import type { Problem } from '../../diagnostics/problem';
import { diskReader } from '../../diskReader';
import type { ServiceModel } from '../../markpact/service';
import type { EcosystemConfig, ServiceConfig } from '../../pactown/model';
import { parseEcosystem } from '../../pactown/parse';
import { lineCharacterAt } from '../../text/lineCharacter';
import type { FileReader } from '../../workspace';
import type { NextService } from './plan';
import { serviceInputs } from './serviceInputs';

/** An error found reading the files, placed for people (`quotes/README.md:12:5`). */
export interface PlacedError {
  /** Relative to the ecosystem's folder. */
  file: string;
  line: number;
  character: number;
  code: string;
  message: string;
  /** The service it stops from being applied; absent for an error of the whole ecosystem file. */
  service?: string;
}

/** The ecosystem as its files now say, with what each service would run from. */
export interface NextEcosystem {
  config: EcosystemConfig;
  services: NextService[];
  /** Each service's README as derived now (absent when it cannot be read). */
  models: Map<string, ServiceModel>;
  /** Errors, each tied to the service it concerns when it concerns one. */
  errors: PlacedError[];
  /** The files the run is made from now: the ecosystem file (when it is one on disk), every README and what they include. */
  inputFiles: string[];
}

/** Problems of the ecosystem file that belong to one service's README (counted only when that service is applied). */
const readmeCodes = new Set(['readme-not-found', 'readme-no-run']);

/**
 * Reads an ecosystem again (its text given: from disk, or the one-service ecosystem of a README
 * run on its own) with every README its services run, checked as the editor checks them.
 */
export async function readNext(ecosystemPath: string, text: string, onDisk: boolean, reader: FileReader = diskReader): Promise<NextEcosystem> {
  const parsed = parseEcosystem(text);
  const { problems, readmes } = await validateEcosystemAndReadmes(ecosystemPath, parsed, reader);
  const folder = dirname(ecosystemPath);
  const shown = (path: string) => relative(folder, path) || path;
  // The ecosystem file's own errors first, then each README's at their own place, then what the
  // ecosystem file says of a service's README (no run command: usually what the README's errors caused).
  const errors: PlacedError[] = [];
  const aboutReadmes: PlacedError[] = [];
  const serviceAt = (offset: number) => parsed.config.services.find((s) => s.span.start <= offset && offset < s.span.end);
  for (const problem of problems) {
    if (problem.severity !== 'error' || problem.code === 'readme-has-errors') continue;
    const service = readmeCodes.has(problem.code) ? serviceAt(problem.span.start) : undefined;
    (service ? aboutReadmes : errors).push(place(shown(ecosystemPath), text, problem, service?.name));
  }
  const models = new Map<string, ServiceModel>();
  const inputFiles = new Set<string>(onDisk ? [ecosystemPath] : []);
  const byPath = new Map(readmes.map((r) => [r.path, r]));
  for (const readme of readmes) {
    inputFiles.add(readme.path);
    for (const included of readme.loaded?.includes.included ?? []) inputFiles.add(included);
    if (!readme.loaded) continue;
    for (const problem of readme.problems) {
      if (problem.severity !== 'error') continue;
      for (const service of readme.services) errors.push(place(shown(readme.path), readme.loaded.doc.text, problem, service.name));
    }
  }
  errors.push(...aboutReadmes);
  const services = parsed.config.services.map((config: ServiceConfig): NextService => {
    const model = byPath.get(resolve(folder, config.readme))?.loaded?.service;
    if (model) models.set(config.name, model);
    return {
      name: config.name, port: config.port, restartDependents: config.restartDependents,
      dependsOn: config.dependsOn.map((d) => d.name), inputs: serviceInputs(config, ecosystemPath, model),
    };
  });
  return { config: parsed.config, services, models, errors, inputFiles: [...inputFiles] };
}

function place(file: string, text: string, problem: Problem, service: string | undefined): PlacedError {
  const at = lineCharacterAt(text, problem.span.start);
  return { file, line: at.line + 1, character: at.character + 1, code: problem.code, message: problem.message, ...(service ? { service } : {}) };
}

/**
 * Why an apply is refused, or undefined: the errors of the whole ecosystem file, and those of the
 * services the apply would start or restart (a README with errors that nothing applies does not
 * hold the others back). "not applied: 1 error in quotes/README.md (line 12:5 unknown-kind …)".
 */
export function refusal(errors: readonly PlacedError[], applied: ReadonlySet<string>): string | undefined {
  // A README shared by several services lists its errors once per service: count each place once.
  const seen = new Set<string>();
  const blocking = errors.filter((e) => {
    if (e.service !== undefined && !applied.has(e.service)) return false;
    const key = `${e.file}:${e.line}:${e.character}:${e.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (blocking.length === 0) return undefined;
  const files = [...new Set(blocking.map((e) => e.file))];
  const [first] = blocking;
  const count = `${blocking.length} error${blocking.length > 1 ? 's' : ''}`;
  return `not applied: ${count} in ${files.join(', ')} (first: ${first.file}:${first.line}:${first.character} ${first.code} ${first.message})`;
}
