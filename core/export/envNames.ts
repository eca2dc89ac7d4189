import type { Document } from 'yaml';
import { envEntrySpans } from '../pactown/envEntry';
import type { EcosystemConfig, ServiceConfig } from '../pactown/model';
import { envKey } from '../pactown/serviceName';
import { discoveryEnv } from '../runtime/discoveryEnv';
import type { Span } from '../text/span';
import { envNameProblem, showEnvName } from './envName';
import { isLocalEndpoint } from './localEndpoint';

/** A variable an export would give a service under a name some target refuses (`envNameProblem`). */
export interface EnvNameProblem {
  service: ServiceConfig;
  name: string;
  /** Where the name comes from in the ecosystem file (the `env:` key, the `depends_on` entry), else the service's name. */
  span: Span;
  /** Why no target takes it, and what to change. */
  message: string;
}

/**
 * Every refused name among the variables an export gives each service: the YAML `env:` keys,
 * and the discovery variables as the export computes them — `<DEP>_URL/_HOST/_PORT` made from a
 * dependency's name (`2fa` → `2FA_URL`) and `depends_on[].env_var`. `document`: the YAML tree, for
 * the keys' places.
 */
export function envNameProblems(config: EcosystemConfig, document?: Document.Parsed): EnvNameProblem[] {
  const names = new Set(config.services.map((s) => s.name));
  const anywhere = { host: 'service', port: 1 };
  const problems: EnvNameProblem[] = [];
  for (const service of config.services) {
    // The same discovery call as the export's environment: only the names matter here.
    const discovered = discoveryEnv({ service, self: anywhere, peer: (name) => (names.has(name) ? anywhere : undefined), useEndpoint: (e) => !isLocalEndpoint(e) });
    const written = document ? envEntrySpans(document, service.name) : undefined;
    const sources: { name: string; span: Span; fix: string }[] = Object.keys(service.env).map((name) => ({
      name, span: written?.get(name)?.key ?? service.nameSpan, fix: 'rename the variable',
    }));
    for (const dep of service.dependsOn) {
      const url = `${envKey(dep.name)}_URL`;
      if (url in discovered) sources.push({ name: url, span: dep.nameSpan, fix: `made from the dependency's name (so are its _HOST and _PORT): rename the service '${dep.name}'` });
      if (dep.envVar !== undefined && dep.envVar in discovered) sources.push({ name: dep.envVar, span: dep.span, fix: 'change its env_var' });
    }
    const seen = new Set<string>();
    for (const { name, span, fix } of sources) {
      const reason = envNameProblem(name);
      if (!reason || seen.has(name)) continue;
      seen.add(name);
      problems.push({ service, name, span, message: `${showEnvName(name)}: ${reason}; ${fix}` });
    }
  }
  return problems;
}
