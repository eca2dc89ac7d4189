import { envNameProblems } from '../export/envNames';
import { isLocalEndpoint } from '../export/localEndpoint';
import { defaultBaseImages, exportRuntime } from '../export/runtime';
import { looksSecret } from '../export/secretValue';
import { envEntrySpans } from '../pactown/envEntry';
import type { ParsedEcosystem } from '../pactown/parse';
import type { Span } from '../text/span';
import type { EcosystemReadme } from './ecosystemReadmes';
import type { Problem } from './problem';

/** The codes of the export hints (listed in the README's diagnostics table). */
export const EXPORT_HINT_CODES = ['export-env-name', 'export-local-endpoint', 'export-no-image', 'export-plain-secret'] as const;

/**
 * What only matters when the ecosystem is exported (`pactown export`), as hints, shown when the
 * user asks (`markpact.export.check`): a variable name some engine refuses (the export stops on
 * it), a localhost `endpoint`, a service whose runtime has no base image, a secret-looking `env`
 * value in plain text. `baseImages`: runtimes given an image in the settings, besides the defaults.
 */
export function exportHints(parsed: ParsedEcosystem, readmes: readonly EcosystemReadme[], baseImages: Readonly<Record<string, string>> = {}): Problem[] {
  const hints: Problem[] = [];
  const hint = (code: (typeof EXPORT_HINT_CODES)[number], span: Span, message: string) => hints.push({ source: 'pactown', code, severity: 'hint', span, message });
  for (const service of parsed.config.services) {
    for (const dep of service.dependsOn) {
      if (dep.endpoint !== undefined && isLocalEndpoint(dep.endpoint)) {
        hint('export-local-endpoint', dep.span, `endpoint ${dep.endpoint} names this machine: an export points ${dep.envVar ?? 'the variable'} at the engine's '${dep.name}' instead. Right for a local run only`);
      }
    }
    const written = envEntrySpans(parsed.document, service.name);
    for (const [key, value] of Object.entries(service.env)) {
      if (looksSecret(key, value)) hint('export-plain-secret', written.get(key)?.value ?? service.nameSpan, `${key} looks like a secret, in plain text in this file: an export moves it to a Compose secret / Kubernetes Secret, but it stays here (and in version control)`);
    }
  }
  for (const problem of envNameProblems(parsed.config, parsed.document)) {
    hint('export-env-name', problem.span, `env ${problem.message}. An export refuses it (nothing is written)`);
  }
  for (const readme of readmes) {
    if (!readme.loaded?.service.run) continue;
    const runtime = exportRuntime(readme.loaded.service);
    if (defaultBaseImages[runtime] || baseImages[runtime]) continue;
    for (const service of readme.services) {
      hint('export-no-image', service.nameSpan, `'${service.name}' runs ${runtime}, which has no base image: export it with --base-image ${runtime}=IMAGE (or set markpact.export.baseImages)`);
    }
  }
  return hints.sort((a, b) => a.span.start - b.span.start);
}

