import { pyyamlFloatTag } from './pyyamlFloat';
import { isMap, parseDocument, type Document, type Node, type ParseOptions, type DocumentOptions, type SchemaOptions, type YAMLError } from 'yaml';
import type { Problem } from '../diagnostics/problem';
import type { Span } from '../text/span';
import { ignoredField, invalid, readMapping, readPort, readText, reportKeyless, unknownField, type ReadContext } from './fieldValues';
import type { EcosystemConfig, ServiceConfig } from './model';
import { readService } from './parseService';
import { describe, isNull, YamlReader, type Entry, type Report } from './yamlNodes';

/** An ecosystem file: the model with pactown's defaults filled in, the problems found reading it, and the YAML tree. */
export interface ParsedEcosystem {
  config: EcosystemConfig;
  /** Syntax errors and values that are wrong on their own; `checkEcosystem` adds the cross-service checks. */
  problems: Problem[];
  /** For position lookups (hover, completion). Read values through the model, not toJS(): the reader applies PyYAML's rules with bounded alias work. */
  document: Document.Parsed;
}

/**
 * YAML 1.1, as pactown's PyYAML `safe_load` reads it (`yes` is a boolean, `010` is 8). Duplicate
 * keys are found by the reader (PyYAML keeps the last): the parser's own check is quadratic.
 */
const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1', prettyErrors: false, uniqueKeys: false,
  customTags: (tags) => [...tags.filter((tag) => typeof tag === 'string' || tag.tag !== pyyamlFloatTag.tag), pyyamlFloatTag],
};

/** Parses a `*.pactown.yaml` text; never throws, and a broken document still gives the best model it can. */
export function parseEcosystem(text: string): ParsedEcosystem {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  // An aliased node is read once per alias: report its problems once.
  const report: Report = (problem) => {
    const key = `${problem.code}\0${problem.span.start}\0${problem.span.end}\0${problem.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ source: 'pactown', ...problem });
  };
  const document = parse(text, report);
  const ctx: ReadContext = { reader: new YamlReader(document, text, report), report };
  const config = readEcosystem(ctx, document.contents);
  problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { config, problems, document };
}

function parse(text: string, report: Report): Document.Parsed {
  try {
    const document = parseDocument(text, OPTIONS);
    for (const error of document.errors) report(syntaxProblem(error, text, 'error'));
    for (const warning of document.warnings) report(syntaxProblem(warning, text, 'warning'));
    reportConflictMarkers(text, report);
    return document;
  } catch (error) {
    // Only pathological input (nesting deep enough to exhaust the stack) gets here.
    report({ code: 'yaml-syntax', severity: 'error', span: { start: 0, end: 0 }, message: `this file cannot be parsed as YAML (${(error as Error).message})` });
    return parseDocument('', OPTIONS);
  }
}

/** Git leaves `<<<<<<<`, `=======` and `>>>>>>>` lines in a file with an unresolved merge; YAML's own errors there are cryptic. */
function reportConflictMarkers(text: string, report: Report): void {
  for (const marker of text.matchAll(/^(?:<{7}|={7}|>{7})(?: .*)?$/gm)) {
    report({ code: 'yaml-syntax', severity: 'error', span: { start: marker.index, end: marker.index + marker[0].length }, message: 'unresolved merge conflict marker: pactown cannot load this file. Keep one side of the conflict and delete the marker lines' });
  }
}

function syntaxProblem(error: YAMLError, text: string, level: 'error' | 'warning'): Omit<Problem, 'source'> {
  const [start, end] = error.pos;
  const span: Span = { start, end: end > start ? end : Math.min(start + 1, text.length) };
  if (error.code === 'TAG_RESOLVE_FAILED') {
    return { code: 'yaml-syntax', severity: 'error', span, message: `${error.message}: pactown's loader (PyYAML safe_load) rejects tags it does not know. Remove the tag` };
  }
  return { code: 'yaml-syntax', severity: level, span, message: `${error.message}${level === 'error' ? " (pactown's loader stops here)" : ''}` };
}

function defaults(): EcosystemConfig {
  return {
    name: 'unnamed-ecosystem', version: '0.1.0', description: '', basePort: 8000, sandboxRoot: '.pactown', network: 'pactown-net',
    registry: { url: 'http://localhost:8800', namespace: 'default' }, services: [],
  };
}

function readEcosystem(ctx: ReadContext, root: Node | null): EcosystemConfig {
  const config = defaults();
  if (!isMap(root)) {
    const span = root ? ctx.reader.span(root) : { start: 0, end: 0 };
    const what = isNull(root) ? 'this file is empty' : `the top level is ${describe(root)}, not a mapping`;
    invalid(ctx, span, 'error', `${what}: pactown's loader would crash ('NoneType' or 'list' has no attribute 'get'). Start with name: and services:`);
    return config;
  }
  let services: Entry | undefined;
  for (const entry of ctx.reader.entries(root)) {
    switch (entry.key) {
      case undefined:
        reportKeyless(ctx, entry);
        break;
      case 'name':
      case 'version':
      case 'description':
        config[entry.key] = readText(ctx, entry, { severity: 'warning', effect: 'shows its Python text' }) ?? config[entry.key];
        break;
      case 'base_port':
        config.basePort = readPort(ctx, entry, 'crashes computing the automatic ports (base_port + index)') ?? config.basePort;
        break;
      case 'sandbox_root':
        config.sandboxRoot = readText(ctx, entry, { severity: 'error', effect: 'cannot create the sandbox folder and crashes' }) ?? config.sandboxRoot;
        config.sandboxRootSpan = entry.valueSpan;
        break;
      case 'network':
        config.network = readText(ctx, entry, { severity: 'warning', effect: 'ignores it anyway', nullable: true }) ?? config.network;
        ignoredField(ctx, entry, "is parsed but unused: pactown's orchestrator never reads it and `pactown deploy` names its own network. Remove it");
        break;
      case 'registry':
        readRegistry(ctx, config, entry);
        break;
      case 'services':
        services = entry;
        break;
      default:
        unknownField(ctx, entry, 'ecosystem', 'warning', 'pactown ignores it');
    }
  }
  // Read last: automatic ports need base_port, wherever it is written.
  if (services) config.services = readServices(ctx, services, config.basePort);
  return config;
}

function readRegistry(ctx: ReadContext, config: EcosystemConfig, entry: Entry): void {
  const map = readMapping(ctx, entry, "crashes loading the file ('NoneType' has no attribute 'get')", 'Write url: and namespace: under it, or remove `registry:`');
  if (!map) return;
  for (const field of ctx.reader.entries(map)) {
    switch (field.key) {
      case undefined:
        reportKeyless(ctx, field);
        break;
      case 'url':
      case 'namespace':
        config.registry[field.key] = readText(ctx, field, { severity: 'warning', effect: 'uses its Python text' }) ?? config.registry[field.key];
        break;
      case 'auth_token': {
        const token = readText(ctx, field, { severity: 'warning', effect: 'stores its Python text', nullable: true });
        if (token === undefined) break;
        config.registry.authToken = token;
        ignoredField(ctx, field, 'is stored but never sent: the pactown registry has no authentication');
        break;
      }
      default:
        unknownField(ctx, field, 'registry', 'warning', 'pactown ignores it');
    }
  }
}

function readServices(ctx: ReadContext, entry: Entry, basePort: number): ServiceConfig[] {
  const map = readMapping(ctx, entry, "crashes loading the file (it calls .items() on it)", 'Write one mapping per service under it (api: {readme: api/README.md}), or remove `services:`');
  if (!map) return [];
  const services: ServiceConfig[] = [];
  let index = 0;
  for (const service of ctx.reader.entries(map)) {
    if (service.key === undefined) reportKeyless(ctx, service);
    else services.push(readService(ctx, service, service.key, index, basePort));
    index++; // pactown's index counts every entry, whatever it holds
  }
  return services;
}

/** Whether a plain (unquoted) scalar reads as a string the way pactown's loader reads it (`123`, `yes`, `2024-01-01` do not). */
export function plainReadsAsString(text: string): boolean {
  const document = parseDocument(text, OPTIONS);
  const node = document.contents as Node | null;
  return document.errors.length === 0 && !!node && 'value' in node && typeof node.value === 'string' && node.value === text;
}
