const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Names the runtime keeps for itself in the sandbox root (the services' logs, the detached supervisor's log). */
export const reservedNames = new Set(['logs', 'supervisor.log']);

/** Whether a service name is usable as a sandbox folder and an env-var prefix, and not one the runtime keeps. */
export function isSafeServiceName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.includes('..') && !reservedNames.has(name.toLowerCase());
}
