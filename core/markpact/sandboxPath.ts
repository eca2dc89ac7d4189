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
  return { safe: true, path: segments.join('/') };
}

function unsafe(reason: string, confined: string | undefined): SandboxPath {
  return confined ? { safe: false, reason, confined } : { safe: false, reason };
}

/** The path with its root, drive letter and every `..` and `.` removed: `/etc/x` → `etc/x`, `../../a.py` → `a.py`. */
function confine(slashed: string): string | undefined {
  const parts = slashed.replace(/^[A-Za-z]:/, '').split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  return parts.length > 0 && !slashed.endsWith('/') ? parts.join('/') : undefined;
}
