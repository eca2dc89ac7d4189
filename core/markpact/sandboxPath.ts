/** A `markpact:file path=` value checked against the sandbox (spec §5.3: neither reference tool confines it). */
export type SandboxPath =
  | { safe: true; path: string }
  | { safe: false; reason: string; /** A relative path inside the sandbox the author probably meant; absent when there is none. */ confined?: string };

/**
 * Normalises a file path relative to the sandbox: `\` counts as a separator (it is one on
 * Windows, and `app\main.py` means a sub-folder), `./`, empty and `.` segments go away, and
 * `..` is resolved. Absolute paths, drive letters and `..` that climbs out of the sandbox are unsafe.
 */
export function checkSandboxPath(raw: string): SandboxPath {
  const slashed = raw.replace(/\\/g, '/');
  // No file system takes these: refused before anything is written, never half-way through.
  if (/[\u0000-\u001f]/.test(raw)) return { safe: false, reason: `'${printable(raw)}' contains a control character (NUL, newline, …), which no file name can hold` };
  if (Buffer.byteLength(raw) > maxPathBytes) return { safe: false, reason: `'${printable(raw)}' is longer than ${maxPathBytes} bytes` };
  const long = slashed.split('/').find((segment) => Buffer.byteLength(segment) > maxNameBytes);
  if (long) return { safe: false, reason: `'${printable(raw)}' has a name longer than ${maxNameBytes} bytes ('${printable(long)}')` };
  const confined = confine(slashed);
  if (/^[A-Za-z]:/.test(slashed)) return unsafe(`'${raw}' has a drive letter, so it is written outside the sandbox`, confined);
  if (slashed.startsWith('/')) return unsafe(`'${raw}' is absolute, so it is written outside the sandbox`, confined);
  const segments: string[] = [];
  for (const segment of slashed.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return unsafe(`'${raw}' climbs out of the sandbox with '..'`, confined);
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  if (segments.length === 0 || slashed.endsWith('/')) return { safe: false, reason: `'${raw}' names a folder, not a file` };
  if (reservedFirst.has(segments[0])) {
    return { safe: false, reason: `'${raw}' writes into '${segments[0]}', where pactown links the service's shared dependency environment (a file there would land in the cache)` };
  }
  return { safe: true, path: segments.join('/') };
}

/** The longest file name (one path segment) and path most file systems take. */
const maxNameBytes = 255;
const maxPathBytes = 1024;

/** Names pactown itself uses inside a service's sandbox: links to cached environments. */
const reservedFirst = new Set(['.venv', 'node_modules']);

/** A path for a message: control characters shown escaped, cut at 80 characters. */
function printable(raw: string): string {
  const shown = raw.replace(/[\u0000-\u001f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return shown.length > 80 ? `${shown.slice(0, 77)}…` : shown;
}

function unsafe(reason: string, confined: string | undefined): SandboxPath {
  return confined ? { safe: false, reason, confined } : { safe: false, reason };
}

/** The path with its root, drive letter and every `..` and `.` removed: `/etc/x` → `etc/x`, `../../a.py` → `a.py`. */
function confine(slashed: string): string | undefined {
  const parts = slashed.replace(/^[A-Za-z]:/, '').split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  return parts.length > 0 && !slashed.endsWith('/') ? parts.join('/') : undefined;
}
