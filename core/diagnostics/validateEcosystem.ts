import { append } from '../text/append';
import { dirname, relative } from 'node:path';
import type { ServiceConfig } from '../pactown/model';
import { checkEcosystem, syntaxErrorsAlone } from '../pactown/checks';
import { checkSandboxRoot } from '../pactown/sandboxRootCheck';
import type { ParsedEcosystem } from '../pactown/parse';
import { lineCharacterAt } from '../text/lineCharacter';
import type { FileReader } from '../workspace';
import { checkEcosystemReadmes, type EcosystemReadme } from './ecosystemReadmes';
import type { Problem, RelatedLocation } from './problem';
import { placedPortLiterals, portLiteralConsequence } from './portChecks';

/**
 * Every `pactown` problem of an ecosystem file: its own (syntax, fields, graph, ports) and, when
 * it has a path on disk, those of the READMEs its services reference.
 */
export async function validateEcosystem(path: string | undefined, parsed: ParsedEcosystem, reader: FileReader, own = ownProblems(path, parsed)): Promise<Problem[]> {
  return (await validateEcosystemAndReadmes(path, parsed, reader, own)).problems;
}

/** The same, with each README the services run and its own problems (the command line prints those too). */
export async function validateEcosystemAndReadmes(
  path: string | undefined,
  parsed: ParsedEcosystem,
  reader: FileReader,
  own = ownProblems(path, parsed),
): Promise<{ problems: Problem[]; readmes: EcosystemReadme[] }> {
  if (!path || syntaxErrorsAlone(parsed)) return { problems: [...own].sort(byPlace), readmes: [] };
  const problems = [...own];
  const readmes = await checkEcosystemReadmes(path, parsed.config, reader);
  for (const readme of readmes) {
    const shown = relative(dirname(path), readme.path) || readme.services[0].readme;
    const errors = errorsOf(readme, shown);
    for (const service of readme.services) append(problems, serviceReadmeProblems(service, readme, shown, errors));
  }
  return { problems: problems.sort(byPlace), readmes };
}

/** The problems of the ecosystem file itself (no other file read): what the editor can show first. */
export function ownProblems(path: string | undefined, parsed: ParsedEcosystem): Problem[] {
  const problems = checkEcosystem(parsed);
  if (path && !syntaxErrorsAlone(parsed)) append(problems, checkSandboxRoot(path, parsed.config));
  return problems.sort(byPlace);
}

const byPlace = (a: Problem, b: Problem) => a.span.start - b.span.start || a.span.end - b.span.end;

/** A service's README is missing, has no run command, or has errors: the service cannot run it. */
function serviceReadmeProblems(service: ServiceConfig, readme: EcosystemReadme, shown: string, errors: ReadmeErrors | undefined): Problem[] {
  const span = service.readmeSpan ?? service.nameSpan;
  if (!readme.loaded) {
    const why = service.readmeSpan ? '' : ` (the default for a service without \`readme:\` is \`${service.name}/README.md\`)`;
    return [problem('readme-not-found', span, `README not found for '${service.name}': ${shown}${why}. Create it, or point \`readme:\` at the service's README (relative to this file's folder)`)];
  }
  const found: Problem[] = [];
  if (!readme.loaded.service.run) {
    found.push(problem('readme-no-run', span, `'${service.name}' cannot start: ${shown} has no run command. Add a \`markpact:run\` block to it (or a main.py, app.py, index.js, server.js or main.js file block pactown can infer one from)`));
  }
  if (errors) found.push({ ...problem('readme-has-errors', span, errors.message), related: [errors.first] });
  const hardCoded = hardCodedPort(service, readme, shown);
  if (hardCoded) found.push(hardCoded);
  return found;
}

/**
 * The first literal port of the README that differs from the port this file gives the service,
 * at its `readme:` line; the quick fix edits the README (data: its path and the literal's range).
 */
function hardCodedPort(service: ServiceConfig, readme: EcosystemReadme, shown: string): Problem | undefined {
  if (!readme.loaded) return undefined;
  const literal = placedPortLiterals(readme.loaded.service).find((l) => l.port !== service.port);
  if (!literal) return undefined;
  const { text } = readme.loaded.doc;
  const range = { start: lineCharacterAt(text, literal.span.start), end: lineCharacterAt(text, literal.span.end) };
  const origin = service.portSource === 'explicit' ? `its port: ${service.port}` : `port ${service.port} (base_port + ${service.index})`;
  const prepend = literal.prepend ? { ...literal.prepend, position: lineCharacterAt(text, literal.prepend.at) } : undefined;
  return {
    source: 'pactown', code: 'hard-coded-port', severity: 'warning', span: service.readmeSpan ?? service.nameSpan,
    message: `'${service.name}' gets ${origin} here, but ${shown} line ${range.start.line + 1} hard-codes ${literal.port}: ` +
      `${portLiteralConsequence(literal, { port: service.port, who: '' })}. Read the port from the environment in the README: ${literal.replacement}`,
    related: [{ path: readme.path, span: literal.span, range, message: `hard-coded port ${literal.port}` }],
    data: { path: readme.path, range, replacement: literal.replacement, ...(prepend ? { prepend } : {}) },
  };
}

interface ReadmeErrors {
  message: string;
  first: RelatedLocation;
}

/** The README's errors, summed up once for all the services that share it. */
function errorsOf(readme: EcosystemReadme, shown: string): ReadmeErrors | undefined {
  const errors = readme.problems.filter((p) => p.severity === 'error');
  if (!readme.loaded || errors.length === 0) return undefined;
  const [first] = errors;
  const { text } = readme.loaded.doc;
  const range = { start: lineCharacterAt(text, first.span.start), end: lineCharacterAt(text, first.span.end) };
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return {
    message: `${shown} has ${errors.length} error${errors.length > 1 ? 's' : ''}: line ${range.start.line + 1}: ${first.code} ${first.message}${more}`,
    first: { path: readme.path, span: first.span, range, message: `${first.code}: the first error of ${shown}` },
  };
}

function problem(code: string, span: Problem['span'], message: string): Problem {
  return { source: 'pactown', code, severity: 'error', span, message };
}
