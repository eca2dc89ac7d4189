import { isShellName } from '../text/shellName';

/**
 * Why `name` cannot name a variable of an exported service's environment; undefined when it can.
 * The rule is the one every target takes, a C identifier (`[A-Za-z_][A-Za-z0-9_]*`), stricter
 * than either engine alone, because the export cannot know where it will run:
 * - Compose refuses an empty name, and `=` ends a name in the process environment;
 * - Kubernetes took `[-._a-zA-Z][-._a-zA-Z0-9]*` only until KEP-4369 (any printable ASCII but `=`:
 *   alpha in 1.30, on by default from 1.32, GA in 1.34), and an older cluster refuses the rest;
 * - both start the image's `CMD ["sh", "-c", …]`, and Debian's `sh` (dash, the default images')
 *   drops every variable whose name is not a shell name before it starts the run command, so
 *   `A.B` or `C-D`, which both engines accept, would never reach the service.
 */
export function envNameProblem(name: string): string | undefined {
  if (isShellName(name)) return undefined;
  if (name === '') return 'an empty name: Compose and Kubernetes refuse it';
  if (name.includes('=')) return "'=' ends a variable's name: Compose and Kubernetes refuse it";
  const other = /[^\x20-\x7e]/u.exec(name);
  if (other) return `U+${other[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not printable ASCII: Kubernetes refuses it, and the image's sh drops the variable`;
  const dropped = "the image's sh (dash) drops the variable before the service starts";
  if (/^[0-9]/.test(name)) return `it starts with a digit: ${dropped}, and Kubernetes before 1.32 refuses it`;
  const odd = /[^A-Za-z0-9_]/.exec(name)![0];
  return `'${odd}' is not a letter, digit or '_': ${dropped}${/[-.]/.test(odd) ? '' : ', and Kubernetes before 1.32 refuses it'}`;
}

/** A name from the file, shown safely in a message: quoted, control and non-ASCII characters escaped, at most 60 characters. */
export function showEnvName(name: string): string {
  const quoted = JSON.stringify(name.slice(0, 60)).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return name.length > 60 ? `${quoted}…` : quoted;
}
