import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadReadme } from '../../../../core/markpact/loadReadme';
import { findService, type EcosystemConfig, type ServiceConfig } from '../../../../core/pactown/model';
import { fieldDoc, fieldsOf, scopeOf } from '../../../../core/pactown/schema';
import { envKey, folderName } from '../../../../core/pactown/serviceName';
import type { Span } from '../../../../core/text/span';
import { readmePathOf } from '../ecosystemIndex';
import type { LanguageService } from '../languageService';
import { uriToPath } from '../paths';
import { code, inSpan, rangeOf } from './documentText';
import { fileExists } from './offlineSources';
import { yamlLocationAt } from './yamlAst';
import { ITEM } from './yamlCursor';

/** Hovers in an ecosystem file: field docs with effective values, services, dependencies and README paths. */
export async function yamlHover(service: LanguageService, doc: TextDocument, position: Position): Promise<Hover | null> {
  const { config, document } = service.ecosystems.get(doc);
  const offset = doc.offsetAt(position);
  const yamlPath = uriToPath(doc.uri);
  const answer = (value: string, span: Span): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(doc, span) });

  for (const s of config.services) {
    if (inSpan(s.nameSpan, offset)) return answer(serviceText(config, s), s.nameSpan);
    if (inSpan(s.readmeSpan, offset)) return answer(await readmeText(service, yamlPath, s), s.readmeSpan);
    const dep = s.dependsOn.find((d) => inSpan(d.nameSpan, offset));
    if (dep) return answer(dependencyText(config, dep.name, dep.registry), dep.nameSpan);
  }

  const location = yamlLocationAt(document, offset);
  if (!location) return null;
  // A field's value hovers like its key (`port: 8001` → the port field).
  const keyPath = location.path.map((p) => (typeof p === 'number' ? ITEM : p));
  const scope = scopeOf(keyPath.slice(0, -1));
  const field = scope ? fieldsOf(scope).find((f) => f.name === keyPath[keyPath.length - 1]) : undefined;
  if (!field || !scope) return null;
  const owner = scope === 'service' ? findService(config, keyPath[1]) : undefined;
  const effective = effectiveValue(config, scope, field.name, owner);
  return answer(`${fieldDoc(field)}${effective ? `\n\n---\n\nEffective: ${effective}` : ''}`, location.span);
}

function portText(config: EcosystemConfig, s: ServiceConfig): string {
  return s.portSource === 'auto'
    ? `**${s.port}** (auto: base_port ${config.basePort} + index ${s.index} = ${s.port})`
    : `**${s.port}** (explicit)`;
}

function serviceText(config: EcosystemConfig, s: ServiceConfig): string {
  const deps = s.dependsOn.length > 0 ? s.dependsOn.map((d) => code(d.name)).join(', ') : 'none';
  return [
    `**service ${code(s.name)}** — sandbox folder ${code(`<sandbox_root>/${folderName(s.name)}`)}`,
    '',
    ...(folderName(s.name) !== s.name ? [`Not a plain folder name: this extension uses folder ${code(folderName(s.name))}, env ${code(`${envKey(s.name)}_URL`)} (pactown uses the name as written).`, ''] : []),
    `- port ${portText(config, s)}`,
    `- readme ${code(s.readme)}`,
    `- depends on ${deps}`,
    ...(s.healthCheck ? [`- health check ${code(s.healthCheck)}`] : []),
  ].join('\n');
}

function dependencyText(config: EcosystemConfig, name: string, registry: string): string {
  const target = findService(config, name);
  if (!target) {
    return registry === 'local'
      ? `**${code(name)}** is not a service of this ecosystem, and its registry is \`local\`: \`pactown validate\` fails.`
      : `**${code(name)}** is not a service of this ecosystem: an external dependency from registry ${code(registry)} (ignored by \`pactown up\`).`;
  }
  return `**depends on ${code(name)}** — port ${portText(config, target)}, readme ${code(target.readme)}. ` +
    `\`pactown up\` starts it first and passes \`${envKey(name)}_URL\`, \`_HOST\` and \`_PORT\`.`;
}

async function readmeText(service: LanguageService, yamlPath: string | undefined, s: ServiceConfig): Promise<string> {
  if (!yamlPath) return `README ${code(s.readme)}, relative to the ecosystem file's folder.`;
  const path = readmePathOf(yamlPath, s);
  if (!(await fileExists(service, path))) return `README ${code(path)} — **not found**: \`pactown validate\` and \`pactown up\` fail for ${code(s.name)}.`;
  const run = (await loadReadme(path, service.files, s.name))?.service.run;
  const runLine = run ? `run command (${run.source}): ${code(run.command)}` : 'no run command: pactown cannot start it';
  return `README ${code(path)} — exists.\n\n${runLine}`;
}

function effectiveValue(config: EcosystemConfig, scope: string, field: string, owner: ServiceConfig | undefined): string | undefined {
  if (scope === 'ecosystem') {
    const values: Record<string, unknown> = {
      name: config.name, version: config.version, description: config.description, base_port: config.basePort,
      sandbox_root: config.sandboxRoot, network: config.network,
    };
    return values[field] === undefined || values[field] === '' ? undefined : code(String(values[field]));
  }
  if (scope === 'registry') {
    const values: Record<string, string | undefined> = { url: config.registry.url, namespace: config.registry.namespace };
    return values[field] ? code(values[field]) : undefined;
  }
  if (scope !== 'service' || !owner) return undefined;
  const values: Record<string, unknown> = {
    readme: owner.readme, health_check: owner.healthCheck, timeout: owner.timeout, auto_restart: owner.autoRestart, restart_dependents: owner.restartDependents,
    replicas: owner.replicas, target: owner.target, framework: owner.framework, build_cmd: owner.buildCmd,
  };
  if (field === 'port') return portText(config, owner);
  return values[field] === undefined ? undefined : code(String(values[field]));
}
