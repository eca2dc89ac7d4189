import { isMap, isScalar, isSeq } from 'yaml';
import type { ServiceConfig } from './model';
import { ignoredField, invalid, readMapping, readPort, readText, reportKeyless, unknownField, type ReadContext } from './fieldValues';
import { readDependsOn } from './parseDependency';
import { folderName } from './serviceName';
import { describe, isNull, scalarText, type Entry } from './yamlNodes';

const TARGETS = ['web', 'desktop', 'mobile'];
const NOT_EXPANDED = /\$\{?[A-Za-z_][A-Za-z0-9_]*/;
const BAD_PATH_CHARS = /[\s\p{Cc}]/u;

/** A service with pactown's defaults (spec §2.2); `index` counts every service in YAML order. */
function defaults(name: string, entry: Entry, index: number, basePort: number): ServiceConfig {
  return {
    name, nameSpan: entry.keySpan, index, readme: `${name}/README.md`, port: basePort + index, portSource: 'auto',
    env: {}, dependsOn: [], timeout: 60, autoRestart: true, restartDependents: false, replicas: 1, target: 'web', buildTargets: [], span: entry.span,
  };
}

/** One `services:` entry as pactown reads it, reporting each value that is wrong on its own. */
export function readService(ctx: ReadContext, entry: Entry, name: string, index: number, basePort: number): ServiceConfig {
  const service = defaults(name, entry, index, basePort);
  const body = entry.value;
  if (!isMap(body)) {
    const what = isNull(body) ? 'has no settings (null)' : `must be a mapping of settings, not ${describe(body)}`;
    invalid(ctx, isNull(body) ? entry.keySpan : entry.valueSpan, 'error', `service '${name}' ${what}: pactown's loader would crash (it calls .get() on it). Write \`${name}: {}\` or add fields such as \`readme:\``);
  } else {
    for (const field of ctx.reader.entries(body)) readField(ctx, service, field);
  }
  if (service.portSource === 'auto' && service.port > 65535) {
    invalid(ctx, entry.keySpan, 'error', `service '${name}' gets the automatic port ${service.port} (base_port ${basePort} + index ${index}), which is above 65535. Give it an explicit \`port:\` or lower base_port`);
  }
  return service;
}

function readField(ctx: ReadContext, service: ServiceConfig, entry: Entry): void {
  const { value } = entry;
  switch (entry.key) {
    case undefined:
      return reportKeyless(ctx, entry);
    case 'readme': {
      const readme = readText(ctx, entry, { severity: 'error', effect: 'cannot find the README and fails to start the service' });
      if (readme !== undefined) [service.readme, service.readmeSpan] = [readme, entry.valueSpan];
      return;
    }
    case 'port':
      return readServicePort(ctx, service, entry);
    case 'env':
      return readEnv(ctx, service, entry);
    case 'depends_on':
      service.dependsOn = readDependsOn(ctx, entry);
      return;
    case 'health_check':
      return readHealthCheck(ctx, service, entry);
    case 'timeout':
      if (isScalar(value) && typeof value.value === 'number' && value.value >= 0) Object.assign(service, { timeout: value.value, timeoutSpan: entry.valueSpan });
      else if (isScalar(value) && typeof value.value === 'number') invalid(ctx, entry.valueSpan, 'warning', `\`timeout\` ${scalarText(value)} is negative: pactown's health wait ends at once. Write the seconds to wait for health_check, e.g. 60`);
      else invalid(ctx, isNull(value) ? entry.keySpan : entry.valueSpan, 'error', `\`timeout\` must be a number of seconds, not ${describe(value)}: pactown fails while waiting for health_check. Write e.g. 60, or remove it for the default 60`);
      return;
    case 'replicas':
      if (isScalar(value) && typeof value.value === 'number' && Number.isInteger(value.value) && value.value >= 1) {
        service.replicas = value.value;
        if (value.value > 1) ignoredField(ctx, entry, `is ${value.value}, but pactown and this extension run one process per service. Remove it`);
      } else {
        invalid(ctx, isNull(value) ? entry.keySpan : entry.valueSpan, 'warning', `\`replicas\` must be a positive whole number, not ${describe(value)} (pactown ignores it: one process runs per service). Remove it`);
      }
      return;
    case 'auto_restart':
      if (isScalar(value) && typeof value.value === 'boolean') service.autoRestart = value.value;
      else invalid(ctx, isNull(value) ? entry.keySpan : entry.valueSpan, 'warning', `\`auto_restart\` must be true or false, not ${describe(value)}; the default true applies. Write true or false`);
      return;
    case 'restart_dependents':
      if (isScalar(value) && typeof value.value === 'boolean') service.restartDependents = value.value;
      else invalid(ctx, isNull(value) ? entry.keySpan : entry.valueSpan, 'warning', `\`restart_dependents\` must be true or false, not ${describe(value)}; the default false applies. Write true or false`);
      return;
    case 'sandbox_path':
      if (!isNull(value)) ignoredField(ctx, entry, `is parsed but unused: the sandbox is always <sandbox_root>/${folderName(service.name)}. Remove it`);
      return;
    case 'target':
      return readTarget(ctx, service, entry);
    case 'framework':
      service.framework = readText(ctx, entry, { severity: 'warning', effect: 'cannot use it for `pactown build`', nullable: true });
      return;
    case 'build_cmd':
      service.buildCmd = readText(ctx, entry, { severity: 'warning', effect: 'cannot run it for `pactown build`', nullable: true });
      return;
    case 'build_targets':
      service.buildTargets = readBuildTargets(ctx, entry);
      return;
    default:
      unknownField(ctx, entry, 'service', 'warning', 'pactown ignores it');
  }
}

function readServicePort(ctx: ReadContext, service: ServiceConfig, entry: Entry): void {
  if (isNull(entry.value)) return; // `port:` or `port: null` means "automatic", as when it is left out
  const port = readPort(ctx, entry, 'loads it but cannot bind it when the service starts');
  if (port !== undefined) Object.assign(service, { port, portSpan: entry.valueSpan, portSource: 'explicit' });
}

/**
 * The `env` mapping. Values are strings as written in YAML (`1.50` stays `1.50`; pactown passes
 * Python's str(), `1.5`), booleans `true`/`false` (pactown: `True`/`False`); null values are
 * dropped, as pactown does.
 */
function readEnv(ctx: ReadContext, service: ServiceConfig, entry: Entry): void {
  const map = readMapping(ctx, entry, 'crashes when it starts the service (it merges env into the environment)', 'Write variables under it (`KEY: value`), or remove `env:`');
  if (!map) return;
  for (const variable of ctx.reader.entries(map)) {
    const { value } = variable;
    if (variable.key === undefined) {
      reportKeyless(ctx, variable);
    } else if (isNull(value)) {
      continue;
    } else if (!isScalar(value)) {
      invalid(ctx, variable.valueSpan, 'warning', `env value of ${variable.key} is ${describe(value)}: pactown passes its Python text ({…} or […]). Write a single string, e.g. JSON in quotes`);
    } else {
      const text = typeof value.value === 'boolean' ? String(value.value) : scalarText(value) ?? '';
      service.env[variable.key] = text;
      const reference = NOT_EXPANDED.exec(text);
      if (reference) {
        invalid(ctx, variable.valueSpan, 'info', `'${reference[0]}${reference[0].startsWith('${') ? '}' : ''}' is passed literally: neither pactown nor this extension expands variables in env values. Write the value itself`);
      }
    }
  }
}

function readHealthCheck(ctx: ReadContext, service: ServiceConfig, entry: Entry): void {
  const { value } = entry;
  if (isNull(value)) return;
  const emit = (message: string, data?: Record<string, unknown>) =>
    ctx.report({ code: 'invalid-health-check', severity: 'warning', span: entry.valueSpan, message, ...(data ? { data } : {}) });
  if (!isScalar(value) || typeof value.value !== 'string') {
    emit(`\`health_check\` must be a URL path such as /health, not ${describe(value)}: pactown appends it to http://localhost:<port> and the check never passes`);
    return;
  }
  const path = value.value;
  if (path === '') {
    emit('`health_check` is empty: pactown treats the service as healthy while its process runs. Write a path such as /health, or remove it');
    return;
  }
  [service.healthCheck, service.healthCheckSpan] = [path, entry.valueSpan];
  if (BAD_PATH_CHARS.test(path)) {
    emit(`\`health_check\` '${path}' contains whitespace or control characters: the URL pactown builds from it is invalid, so the check never passes. Write a plain path such as /health`);
  } else if (!path.startsWith('/')) {
    const suggestion = urlPath(path) ?? `/${path}`;
    emit(`\`health_check\` '${path}' does not start with '/': pactown appends it to http://localhost:<port> verbatim (http://localhost:8000${path}), which never answers. Write '${suggestion}'`, { suggestion });
  }
}

/** The path of a full URL written where a path belongs (`http://localhost:8000/health` → `/health`). */
function urlPath(text: string): string | undefined {
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    return new URL(text).pathname;
  } catch {
    return undefined;
  }
}

function readTarget(ctx: ReadContext, service: ServiceConfig, entry: Entry): void {
  const target = readText(ctx, entry, { severity: 'warning', effect: 'treats it as web' });
  if (target === undefined) return;
  const normal = target.trim().toLowerCase();
  if (TARGETS.includes(normal)) {
    service.target = normal;
    return;
  }
  invalid(ctx, entry.valueSpan, 'warning', `\`target\` '${target}' is not web, desktop or mobile: pactown treats it as web. Write one of web, desktop, mobile`);
}

function readBuildTargets(ctx: ReadContext, entry: Entry): string[] {
  const { value } = entry;
  if (isNull(value)) return [];
  if (isScalar(value) && typeof value.value === 'string') return value.value.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (isSeq(value)) {
    const targets: string[] = [];
    for (const item of ctx.reader.items(value)) {
      const text = scalarText(item.value);
      if (text !== undefined) targets.push(text);
      else invalid(ctx, item.span, 'warning', `a build target must be a name such as linux or android, not ${describe(item.value)}. Write one name per item`);
    }
    return targets;
  }
  invalid(ctx, entry.valueSpan, 'warning', `\`build_targets\` must be a list or a comma-separated string, not ${describe(value)}. Write e.g. [linux, windows]`);
  return [];
}
