import { trailing } from '../text/trailing';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Names the runtime keeps for itself in the sandbox root (the services' logs, the detached supervisor's log). */
const RESERVED_NAMES = new Set(['logs', 'supervisor.log']);

/** `api-gw.v2` → `API_GW_V2`: the prefix of the `_URL`/`_HOST`/`_PORT` variables a service's dependents get (spec §3.3, scheme A). */
export function envKey(name: string): string {
  return name.toUpperCase().replace(/[-.]/g, '_');
}

/** Why a name cannot be a service name, or undefined when it can: `reserved` (the runtime's own) or `unsafe` (as a folder or variable prefix). */
export function serviceNameProblem(name: string): 'reserved' | 'unsafe' | undefined {
  if (RESERVED_NAMES.has(name.toLowerCase())) return 'reserved';
  return SAFE_NAME.test(name) && !name.includes('..') ? undefined : 'unsafe';
}

/** The nearest safe name: other characters become '-', leading punctuation and trailing '-'/'.' go; '' when nothing is left. */
export function safeServiceName(name: string): string {
  const dashed = name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/\.{2,}/g, '.').replace(/^[^A-Za-z0-9]+/, '');
  return dashed.slice(0, dashed.length - trailing(dashed, (c) => c === '-' || c === '.').length);
}
