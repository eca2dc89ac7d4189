import { healthPolling } from '../runtime/health';
import { portSearchRange } from '../runtime/ports';

/**
 * The fields of a `*.pactown.yaml` file (spec §2.1–§2.3): what pactown reads, its defaults, and
 * what the reference and this extension's orchestrator really do with each. Drives the
 * unknown-field check, hovers and completions.
 */

/** Where a mapping sits: the top level, one service, one `depends_on` mapping entry, or `registry`. */
export type FieldScope = 'ecosystem' | 'service' | 'dependency' | 'registry';

/** The shape pactown expects; `mapping` and `list` open a nested block in completions. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'port' | 'mapping' | 'list';

export interface FieldInfo {
  name: string;
  type: FieldType;
  /** The default, as Markdown (`` `8000` ``, `` `base_port + index` ``); absent when there is none. */
  default?: string;
  /** Values offered by completion. */
  values?: readonly string[];
  /** `null` means the same as leaving the field out (pactown reads `None` and copes with it). */
  nullable?: boolean;
  /** One paragraph of Markdown: the meaning, and what pactown does with it. */
  doc: string;
}

const ECOSYSTEM: readonly FieldInfo[] = [
  { name: 'name', type: 'string', default: '`unnamed-ecosystem`', doc: 'The ecosystem name, shown in output and used as the prefix of `container_name` by `pactown deploy`. The docs call it required, but pactown falls back to `unnamed-ecosystem`.' },
  { name: 'version', type: 'string', default: '`0.1.0`', doc: 'The version `pactown publish` gives to **every** service it publishes. Quote it: YAML reads `1.10` as the number 1.1.' },
  { name: 'description', type: 'string', default: '`""`', doc: 'Free text; informational only.' },
  { name: 'base_port', type: 'port', default: '`8000`', doc: 'A service without `port:` gets `base_port + index`, where index is its 0-based position among **all** services in YAML order (so an automatic port can collide with an explicit one). It is only the preferred port: when it is busy, a free one is picked at start.' },
  { name: 'sandbox_root', type: 'string', default: '`.pactown`', doc: 'The folder holding one sandbox per service (`<sandbox_root>/<service>`), their logs and the run state. Resolved against this file\'s folder (the reference `pactown up` resolves it against the current directory and defaults to `./.pactown-sandboxes`).' },
  { name: 'network', type: 'string', default: '`pactown-net`', nullable: true, doc: 'Parsed and written back, but **unused**: the orchestrator never reads it, and `pactown deploy` uses its own network name.' },
  { name: 'registry', type: 'mapping', doc: 'The artifact registry (`url`, `namespace`, `auth_token`). Only `namespace` has an effect (used by `pactown publish`); the CLI takes the URL from its own `--registry` flag.' },
  { name: 'services', type: 'mapping', default: '`{}`', doc: 'The services, by name. The name is the sandbox folder and the prefix of the `<NAME>_URL`/`_HOST`/`_PORT` variables dependents receive. YAML order matters: it sets automatic ports and breaks ties in the start order.' },
];

const SERVICE: readonly FieldInfo[] = [
  { name: 'readme', type: 'string', default: '`<name>/README.md`', doc: 'The service\'s markpact README, relative to this file\'s folder. Its blocks are written to the sandbox, its deps installed and its `markpact:run` command started. `pactown validate` fails when it does not exist.' },
  { name: 'port', type: 'port', default: '`base_port + index`', nullable: true, doc: `The preferred port, passed to the service as \`PORT\` and \`MARKPACT_PORT\` and to dependents as \`<NAME>_PORT\`. Without it (or with \`null\`), the port is \`base_port\` plus the service's 0-based index in YAML order. When it is busy at start, this extension moves the service to the next free port above it (within ${portSearchRange}) that no other service of the ecosystem is to use, and says so. (The reference pactown never uses ports below 1024 and picks a free port from 10000 up instead.)` },
  { name: 'env', type: 'mapping', default: '`{}`', doc: 'Extra environment variables for the service; they override the discovery variables (`<DEP>_URL`, …). `${VAR}` is **not** expanded, by pactown or by this extension: the value is passed literally. Values with `null` are dropped. Scalars are passed as written; booleans become `true`/`false` (pactown itself passes Python\'s `True`/`False`).' },
  { name: 'depends_on', type: 'list', default: '`[]`', doc: 'Services that must start first, as `name`, `name@version` or a mapping (`name`, `version`, `registry`, `endpoint`, `env_var`). For each local dependency the service gets `<NAME>_URL`, `<NAME>_HOST` and `<NAME>_PORT` (name upper-cased, `-` and `.` turned into `_`). A name that is not a service here must have a non-`local` registry, and is then ignored by `pactown up`.' },
  {
    name: 'health_check', type: 'string', nullable: true,
    doc: `A URL path such as \`/health\`. At start this extension probes the service's port on 127.0.0.1 (every ${healthPolling.fastMs} ms for the first ${healthPolling.fastForMs} ms, every ${healthPolling.slowMs} ms to ${healthPolling.slowUntilMs / 1000} s, then backing off to ${healthPolling.maxMs} ms) until it accepts connections, then GETs this path until it answers below 400; without it, the port accepting connections is healthy. The answering socket must be the service's own. (The reference pactown GETs it every 0.5 s and, without it, counts the service healthy while its process is alive.)`,
  },
  { name: 'timeout', type: 'number', default: '`60`', doc: 'Seconds a service may take to become healthy at start. It is not a process or stop timeout. Here a service not healthy in time is `failed` and its dependents are not started; the reference pactown only prints a warning and continues.' },
  { name: 'replicas', type: 'integer', default: '`1`', doc: 'Parsed and written back, but **unused**: pactown (and this extension\'s orchestrator) runs one process per service.' },
  { name: 'auto_restart', type: 'boolean', default: '`true`', values: ['true', 'false'], doc: 'Restart the service when its process exits. pactown parses it but has no supervisor, so it never restarts anything; this extension\'s orchestrator honours it.' },
  {
    name: 'restart_dependents', type: 'boolean', default: '`false`', values: ['true', 'false'],
    doc: 'This extension\'s own field (the reference pactown ignores service keys it does not know, so the file still loads there). When a live apply (saving a README or this file while the ecosystem runs) restarts this service, the services that depend on it restart too, once it is healthy again — for services that read state from it only at start. Without it they keep running (and their pid); they are restarted anyway when this service\'s `port` changes, since the URL they were given would be wrong.',
  },
  { name: 'sandbox_path', type: 'string', nullable: true, doc: 'Parsed, but **unused**: the sandbox is always `<sandbox_root>/<service name>`.' },
  { name: 'target', type: 'string', default: '`web`', values: ['web', 'desktop', 'mobile'], doc: 'The platform `pactown build` builds for (`web`, `desktop` or `mobile`) when the README has no `markpact:target` block; any other value is treated as `web`.' },
  { name: 'framework', type: 'string', nullable: true, doc: 'The framework `pactown build` uses (`electron`, `tauri`, `capacitor`, `kivy`, …) when the README has no `markpact:target` block.' },
  { name: 'build_cmd', type: 'string', nullable: true, doc: 'The build command `pactown build` runs when the README has no `markpact:build` block; before the framework\'s default.' },
  { name: 'build_targets', type: 'list', default: '`[]`', doc: 'Build targets (`linux`, `windows`, `android`, …) for `pactown build`, as a list or a comma-separated string, used when the README has no `markpact:target` block.' },
];

const DEPENDENCY: readonly FieldInfo[] = [
  { name: 'name', type: 'string', doc: '**Required.** A service of this ecosystem, or an artifact of the registry named by `registry`.' },
  { name: 'version', type: 'string', default: '`*`', doc: 'The artifact version `pactown pull` asks the registry for (`*` means the latest); ignored for local services.' },
  { name: 'registry', type: 'string', default: '`local`', values: ['local'], doc: '`local` (the default) means a service of this ecosystem: `pactown validate` fails when there is none. Any other value marks an external artifact, which `pactown up` ignores.' },
  { name: 'endpoint', type: 'string', nullable: true, doc: 'A URL to pass (in `env_var`) instead of the dependency\'s own. Our orchestrator honours it; the reference `pactown up` ignores it.' },
  { name: 'env_var', type: 'string', nullable: true, doc: 'An extra variable set to the dependency\'s URL (or `endpoint`), besides `<NAME>_URL`, `_HOST` and `_PORT`. Our orchestrator sets it, as pactown documents; the reference `pactown up` never did.' },
];

const REGISTRY: readonly FieldInfo[] = [
  { name: 'url', type: 'string', default: '`http://localhost:8800`', doc: 'Stored only: `pactown publish` and `pull` take the URL from their `--registry` flag (default `http://localhost:8800`).' },
  { name: 'namespace', type: 'string', default: '`default`', doc: 'The namespace `pactown publish` publishes into (`pactown pull` always reads `default`).' },
  { name: 'auth_token', type: 'string', nullable: true, doc: 'Stored, but **never sent**: the registry has no authentication.' },
];

const SCOPES: Readonly<Record<FieldScope, readonly FieldInfo[]>> = { ecosystem: ECOSYSTEM, service: SERVICE, dependency: DEPENDENCY, registry: REGISTRY };

/** The fields pactown reads in a scope, in documentation order. */
export function fieldsOf(scope: FieldScope): readonly FieldInfo[] {
  return SCOPES[scope];
}

/** The field `name` of a scope, if pactown knows it. */
export function findField(scope: FieldScope, name: string): FieldInfo | undefined {
  return SCOPES[scope].find((f) => f.name === name);
}

/**
 * The scope of the mapping at a key path from the root: `[]` is the top level, `['registry']`,
 * `['services', <name>]` a service, `['services', <name>, 'depends_on', <item>]` a dependency
 * mapping (the item is an index or any marker). Undefined elsewhere (inside `env`, …).
 */
export function scopeOf(path: readonly (string | number)[]): FieldScope | undefined {
  if (path.length === 0) return 'ecosystem';
  if (path.length === 1 && path[0] === 'registry') return 'registry';
  if (path[0] !== 'services') return undefined;
  if (path.length === 2) return 'service';
  if (path.length === 4 && path[2] === 'depends_on') return 'dependency';
  return undefined;
}

/** The fields of the mapping at a key path (see `scopeOf`); empty where pactown reads no fixed keys. */
export function fieldsAt(path: readonly (string | number)[]): readonly FieldInfo[] {
  const scope = scopeOf(path);
  return scope ? fieldsOf(scope) : [];
}

/** A field's hover text: a one-line signature with its default, then the doc paragraph. */
export function fieldDoc(field: FieldInfo): string {
  const type = field.nullable ? `${field.type} | null` : field.type;
  const byDefault = field.default ? ` — default ${field.default}` : '';
  return `\`${field.name}\`: ${type}${byDefault}\n\n${field.doc}`;
}
