import type { Problem, RelatedLocation, Severity } from '../diagnostics/problem';
import type { Span } from '../text/span';
import { findCycles } from './graph';
import type { DependencyRef, EcosystemConfig, ServiceConfig } from './model';
import { nearestName } from './nearest';
import type { ParsedEcosystem } from './parse';
import { envKey, folderName, isReservedServiceName, isSafeServiceName, isUnsafeServiceName, referenceEnvKey, toServiceName } from './serviceName';

/** Every code an ecosystem file's own checks report, with its default severity (README checks are separate). */
export const PACTOWN_PROBLEM_CODES: Readonly<Record<string, Severity>> = {
  'yaml-syntax': 'error',
  'invalid-value': 'error',
  'unknown-field': 'warning',
  'ignored-field': 'info',
  'invalid-service-name': 'error',
  'derived-service-name': 'warning',
  'unknown-service': 'error',
  'external-dependency': 'hint',
  'dependency-cycle': 'error',
  'duplicate-dependency': 'warning',
  'port-conflict': 'warning',
  'invalid-health-check': 'warning',
  'unsafe-sandbox-root': 'error',
  'readme-has-errors': 'error',
  'file-too-large': 'info',
};

/** A suggestion is only searched for among this many services (Levenshtein against each). */
const MAX_SUGGESTION_CANDIDATES = 2000;
const LISTED_SERVICES = 10;

type Emit = (code: string, severity: Severity, span: Span, message: string, extra?: Pick<Problem, 'related' | 'data'>) => void;

/**
 * The `pactown` problems of one ecosystem file, sorted by position: those found while parsing
 * (syntax, values wrong on their own) and those between services (names, dependencies, cycles,
 * ports). README checks need the file system and are added by the caller.
 */
export function checkEcosystem(parsed: ParsedEcosystem): Problem[] {
  const syntax = syntaxErrorsAlone(parsed);
  if (syntax) return syntax;
  const problems = [...parsed.problems];
  const emit: Emit = (code, severity, span, message, extra) => problems.push({ source: 'pactown', code, severity, span, message, ...extra });
  const { config } = parsed;
  for (const service of config.services) checkName(config, service, emit);
  checkFolderClashes(config, emit);
  checkDependencies(config, emit);
  checkCycles(config, emit);
  checkPorts(config, emit);
  return problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * A file YAML cannot parse gets its syntax problems alone: the model read from the broken text
 * is a guess, so every other finding about it (missing fields, READMEs, ports) is a knock-on.
 */
export function syntaxErrorsAlone(parsed: ParsedEcosystem): Problem[] | undefined {
  if (!parsed.problems.some((p) => p.code === 'yaml-syntax' && p.severity === 'error')) return undefined;
  return parsed.problems.filter((p) => p.code === 'yaml-syntax');
}

function checkName(config: EcosystemConfig, service: ServiceConfig, emit: Emit): void {
  const { name } = service;
  if (isReservedServiceName(name)) {
    emit('invalid-service-name', 'error', service.nameSpan,
      `service name '${name}' is taken by the runtime: <sandbox_root>/${name} holds ${name.toLowerCase() === 'logs' ? "every service's log" : "the detached supervisor's log"}, so this service's sandbox would mix with it; rename the service`);
    return;
  }
  if (isSafeServiceName(name)) return;
  const folder = folderName(name);
  if (!isUnsafeServiceName(name) && isReservedServiceName(folder)) {
    emit('invalid-service-name', 'error', service.nameSpan, `service name '${name}' becomes the folder '${folder}', which the runtime keeps for itself (<sandbox_root>/${folder}); rename the service`);
    return;
  }
  const cleaned = isUnsafeServiceName(name) ? toServiceName(name) : folder;
  const suggestion = cleaned !== '' && !config.services.some((s) => s.name === cleaned) ? cleaned : undefined;
  const extra = suggestion ? { data: { suggestion } } : undefined;
  if (isUnsafeServiceName(name)) {
    emit('invalid-service-name', 'error', service.nameSpan,
      `service name '${name}' is unsafe: pactown uses it unchanged as the sandbox folder <sandbox_root>/${name}, which it deletes and rebuilds at every start ` +
      `(a '/', '\\' or '..' reaches outside the sandbox root; control characters make no usable folder or variable). ` +
      `Use letters, digits, '_', '-' and '.', starting with a letter or digit${suggestion ? `, e.g. '${suggestion}'` : ''}`, extra);
    return;
  }
  emit('derived-service-name', 'warning', service.nameSpan,
    `service name '${name}' is not a plain folder name. pactown uses it as written (folder <sandbox_root>/${name}, variable ${referenceEnvKey(name)}_URL, which /bin/sh drops before the service sees it); ` +
    `this extension runs it as folder '${folder}' and gives its dependents ${envKey(name)}_URL. ` +
    `Rename it${suggestion ? ` to '${suggestion}'` : ''} to have one name everywhere`, extra);
}

/** Two names that make the same folder (`my api`, `my_api`) would share a sandbox, a log and their dependents' variables. */
function checkFolderClashes(config: EcosystemConfig, emit: Emit): void {
  const byFolder = new Map<string, ServiceConfig>();
  for (const service of config.services) {
    if (isUnsafeServiceName(service.name)) continue;
    const folder = folderName(service.name);
    const first = byFolder.get(folder.toLowerCase());
    if (!first) {
      byFolder.set(folder.toLowerCase(), service);
      continue;
    }
    emit('invalid-service-name', 'error', service.nameSpan,
      `service names '${first.name}' and '${service.name}' make the same sandbox folder and variables ('${folder}', ${envKey(service.name)}_URL): they would overwrite each other's files and log. Rename one`,
      { related: [{ span: first.nameSpan, message: `'${first.name}' is here` }] });
  }
}

function checkDependencies(config: EcosystemConfig, emit: Emit): void {
  const names = config.services.map((s) => s.name);
  const defined = new Set(names);
  for (const service of config.services) {
    const first = new Map<string, DependencyRef>();
    for (const dep of service.dependsOn) {
      const earlier = first.get(dep.name);
      if (earlier) {
        const why = defined.has(dep.name) ? 'pactown counts it twice and then reports a false "Circular dependency"' : 'the second entry adds nothing';
        emit('duplicate-dependency', 'warning', dep.span, `'${dep.name}' is already in ${service.name}'s depends_on: ${why}. Remove this entry`,
          { related: [{ span: earlier.span, message: `first '${dep.name}'` }] });
      } else {
        first.set(dep.name, dep);
      }
      if (dep.name !== '' && !defined.has(dep.name) && !earlier) checkUnknown(service, dep, names, emit);
    }
  }
}

function checkUnknown(service: ServiceConfig, dep: DependencyRef, names: string[], emit: Emit): void {
  if (dep.registry !== 'local') {
    emit('external-dependency', 'hint', dep.nameSpan,
      `'${dep.name}' is not a service of this ecosystem: an external artifact from registry '${dep.registry}'. pactown up ignores it (nothing is started and no ${envKey(dep.name)}_URL is set); only pactown pull fetches it`);
    return;
  }
  const suggestion = names.length <= MAX_SUGGESTION_CANDIDATES ? nearestName(dep.name, names.filter((n) => n !== service.name)) : undefined;
  const listed = names.length === 0 ? 'it defines no services'
    : `services: ${names.slice(0, LISTED_SERVICES).join(', ')}${names.length > LISTED_SERVICES ? `, … (${names.length - LISTED_SERVICES} more)` : ''}`;
  emit('unknown-service', 'error', dep.nameSpan,
    `${service.name} depends on '${dep.name}', which is not a service of this ecosystem (${listed}).${suggestion ? ` Did you mean '${suggestion}'?` : ''} ` +
    `pactown validate fails ("not defined locally and no registry is configured") and pactown up refuses to start. Fix the name, or mark it external: {name: ${dep.name}, registry: <registry>}`,
    suggestion ? { data: { suggestion } } : undefined);
}

/** A small cycle is marked on each of its entries; a longer one once, at its first entry (linear in its length either way). */
const CYCLE_MARKED_EVERYWHERE = 10;
const CYCLE_NAMES_SHOWN = 12;
const CYCLE_RELATED = 20;

/** `a → b → c → a`, or past the limit `a → b → … (4,990 more) → y → z → a`. */
function cycleText(cycle: readonly string[]): string {
  if (cycle.length <= CYCLE_NAMES_SHOWN) return cycle.join(' → ');
  const head = cycle.slice(0, CYCLE_NAMES_SHOWN / 2);
  const tail = cycle.slice(-CYCLE_NAMES_SHOWN / 2);
  return `${head.join(' → ')} → … (${(cycle.length - CYCLE_NAMES_SHOWN).toLocaleString('en-US')} more) → ${tail.join(' → ')}`;
}

function checkCycles(config: EcosystemConfig, emit: Emit): void {
  const byName = new Map(config.services.map((s) => [s.name, s]));
  for (const cycle of findCycles(config)) {
    const text = cycleText(cycle);
    const edges = cycle.slice(0, -1).map((name, i) => byName.get(name)?.dependsOn.find((d) => d.name === cycle[i + 1]));
    const spans = edges.flatMap((dep) => (dep ? [dep.nameSpan] : []));
    const marked = spans.length <= CYCLE_MARKED_EVERYWHERE ? spans : spans.slice(0, 1);
    const size = spans.length > CYCLE_MARKED_EVERYWHERE ? ` (${spans.length} services)` : '';
    for (const span of marked) {
      const related: RelatedLocation[] = spans.filter((s) => s !== span).slice(0, CYCLE_RELATED).map((s) => ({ span: s, message: 'another dependency in this cycle' }));
      emit('dependency-cycle', 'error', span,
        `dependency cycle${size}: ${text}. pactown cannot order these services and refuses to start ("Circular dependency detected"). Remove one of these depends_on entries`,
        { related, data: { cycle: cycle.length <= CYCLE_MARKED_EVERYWHERE + 1 ? cycle : [...cycle.slice(0, CYCLE_NAMES_SHOWN), '…'] } });
    }
  }
}

function checkPorts(config: EcosystemConfig, emit: Emit): void {
  const byPort = new Map<number, ServiceConfig[]>();
  for (const service of config.services) {
    const group = byPort.get(service.port);
    if (group) group.push(service);
    else byPort.set(service.port, [service]);
  }
  let free = Math.max(config.basePort, 1024);
  const nextFree = () => {
    while (byPort.has(free)) free++;
    return free++;
  };
  for (const [port, group] of byPort) {
    if (group.length < 2) continue;
    const [first, ...others] = group;
    for (const service of others) {
      const suggestion = nextFree();
      const where = service.portSource === 'explicit' ? service.portSpan ?? service.nameSpan : service.nameSpan;
      const firstWhere = first.portSource === 'explicit' ? first.portSpan ?? first.nameSpan : first.nameSpan;
      emit('port-conflict', 'warning', where,
        `${service.name} uses ${port} ${origin(config, service)}, which ${first.name} ${first.portSource === 'explicit' ? 'sets explicitly' : `also gets ${origin(config, first)}`}. ` +
        `Only one can have it: pactown moves the one that starts second to the next free port above ${port}; this extension always lets ${first.name} (first in the file) keep it, ` +
        `moves ${service.name} and says so, and its dependents' ${envKey(service.name)}_URL follows. Give ${service.name} its own port, e.g. port: ${suggestion}`,
        { related: [{ span: firstWhere, message: `${first.name} uses ${port} here` }], data: { port: suggestion } });
    }
  }
}

function origin(config: EcosystemConfig, service: ServiceConfig): string {
  return service.portSource === 'explicit' ? '(set explicitly)' : `(base_port ${config.basePort} + index ${service.index})`;
}
