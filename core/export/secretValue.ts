/** Names that say a value is a credential: `DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`, `SESSION_SECRET`… */
const SECRET_NAME = /(^|[_.-])(pass(word|wd)?|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credentials?|auth)([_.-]|$)/i;

/**
 * Whether an `env` entry holds a secret in plain text: a credential-looking name with a value
 * that is not empty and not a placeholder for the engine to fill (`${VAR}`). Such values go to
 * Compose `secrets` / a Kubernetes Secret on export, and the editor hints at them.
 */
export function looksSecret(name: string, value: string): boolean {
  return SECRET_NAME.test(name) && value.trim() !== '' && !/^\$\{[^}]*\}$/.test(value.trim());
}
