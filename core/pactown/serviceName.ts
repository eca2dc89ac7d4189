import { trailing } from '../text/trailing';

/**
 * What a service may be called. pactown uses the name unchanged as its sandbox folder
 * (`<sandbox_root>/<name>`, deleted and rebuilt at every start) and as the prefix of the
 * `<NAME>_URL` variables its dependents get, so only plain folder names are safe.
 */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Names the runtime keeps for itself in the sandbox root (the services' logs, the detached supervisor's log). */
const RESERVED = new Set(['logs', 'supervisor.log']);

/** Longer names make unreadable variables and can exceed a file name's 255 bytes with a suffix. */
export const maxServiceNameLength = 64;

export function isSafeServiceName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.includes('..');
}

export function isReservedServiceName(name: string): boolean {
  return RESERVED.has(name.toLowerCase());
}

/** Why `name` cannot name a new service (for a prompt or the command line), or undefined when it can. */
export function serviceNameProblem(name: string): string | undefined {
  if (name === '') return 'a service needs a name';
  if (name.length > maxServiceNameLength) return `at most ${maxServiceNameLength} characters`;
  if (isReservedServiceName(name)) return `'${name}' is taken by the runtime (<sandbox_root>/${name} holds its logs)`;
  if (!isSafeServiceName(name)) return "use letters, digits, '_', '-' and '.', starting with a letter or digit (no '..')";
  return undefined;
}

/** A safe name made from any text (a folder name): other characters become '-', runs of dots one dot; '' when nothing is left. */
export function toServiceName(raw: string): string {
  const dashed = raw.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/\.{2,}/g, '.').replace(/^[^A-Za-z0-9]+/, '').slice(0, maxServiceNameLength);
  return dashed.slice(0, dashed.length - trailing(dashed, (c) => c === '-' || c === '.').length);
}

/** `/`, `\\`, `..` and control characters: a name with one of these cannot be made a folder name safely, so it is refused. */
const UNSAFE_PART = /[/\\\u0000-\u001f\u007f]|\.\./;

/**
 * Whether a service name is refused outright: it reaches outside the sandbox root (`/`, `\\`,
 * `..`), holds control characters, or leaves nothing when made a folder name. Other names (a
 * space, `é`, a leading dot) run under a derived folder name (`folderName`).
 */
export function isUnsafeServiceName(name: string): boolean {
  return UNSAFE_PART.test(name) || folderName(name) === '';
}

/**
 * The one folder name (and registry/log key) a service gets, derived once for every use: the name
 * itself when it is a plain folder name, else each run of other characters becomes `_` and leading
 * `_`/`.`/`-` are dropped (`my api` → `my_api`). pactown uses the name unchanged (a folder
 * `my api`, a variable `MY API_URL`); a derived name is reported (`derived-service-name`).
 */
export function folderName(name: string): string {
  if (isSafeServiceName(name)) return name;
  return name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/\.{2,}/g, '.').replace(/^[^A-Za-z0-9]+/, '').slice(0, maxServiceNameLength);
}

/** `api-gw.v2` → `API_GW_V2`, `my api` → `MY_API`: the prefix of the `_URL`/`_HOST`/`_PORT` variables a service's dependents get (spec §3.3, scheme A). */
export function envKey(name: string): string {
  return folderName(name).toUpperCase().replace(/[-.]/g, '_');
}

/** pactown's own prefix for the same variables: the name upper-cased, `-` and `.` made `_`, anything else kept (`MY API`). */
export function referenceEnvKey(name: string): string {
  return name.toUpperCase().replace(/[-.]/g, '_');
}
