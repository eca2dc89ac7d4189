/**
 * What a failure notification says: `message` is what a notification shows in one line (the
 * failure and its likeliest cause), `detail` the rest (shown by a modal message, and kept in the
 * markpact output).
 */
export interface FailureNotice {
  message: string;
  detail: string;
}

/** A service's output line as the orchestrator quotes it: `  ! text` (stderr) or `  | text` (stdout). */
const outputLine = /^ {2}([!|]) (.*)$/;

/**
 * A service failure ("api: exited (code 3) before it was healthy\nlast output:\n  ! …"): its first
 * line with the last line the service wrote to stderr (else to stdout), which is usually why.
 */
export function failureNotice(error: string): FailureNotice {
  const [first, ...rest] = error.split('\n');
  const output = rest.map((line) => outputLine.exec(line)).filter((m): m is RegExpExecArray => m !== null && m[2].trim() !== '');
  const cause = output.filter((m) => m[1] === '!').at(-1) ?? output.at(-1);
  const said = cause ? ` (${cause[1] === '!' ? 'stderr' : 'output'}: ${cause[2].trim()})` : '';
  return { message: `${first}${said}`, detail: rest.join('\n') };
}

/** An error line of an ecosystem that does not validate: `  /path/eco.pactown.yaml:3:5 code message`. */
const errorLine = /^\s*(.+?):(\d+):(\d+) (.*)$/;

/**
 * An ecosystem that does not validate ("…eco.pactown.yaml has 2 errors; nothing was started:" and
 * one line per error): the message names the first error, the detail lists the others.
 * `relative` shortens the file paths.
 */
export function invalidEcosystemNotice(error: string, relative: (path: string) => string): FailureNotice {
  const errors = error.split('\n').flatMap((line) => {
    const match = errorLine.exec(line);
    return match ? [`${relative(match[1])}:${match[2]}:${match[3]} ${match[4]}`] : [];
  });
  if (errors.length === 0) return { message: `Nothing was started: ${error.split('\n')[0]}`, detail: '' };
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  return { message: `Nothing was started: ${errors[0]}${more}`, detail: errors.slice(1).join('\n') };
}
