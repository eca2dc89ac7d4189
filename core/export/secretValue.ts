/** Names that end in a credential word: `DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`, `SESSION_SECRET` (not `TOKEN_COUNT`). */
const SECRET_NAME = /(^|[_.-])(pass(word|wd)?|pwd|secret|token|(api|private|access|secret|signing|encryption)[_.-]?key|credentials?)$/i;

/**
 * Whether an `env` entry holds a secret in plain text: a credential-looking name with a value
 * that is not empty and not a placeholder for the engine to fill (`${VAR}`). Such values go to
 * Compose `secrets` / a Kubernetes Secret on export, and the editor hints at them.
 */
export function looksSecret(name: string, value: string): boolean {
  return SECRET_NAME.test(name) && value.trim() !== '' && !/^\$\{[^}]*\}$/.test(value.trim());
}
