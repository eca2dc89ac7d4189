import { dirname, sep } from 'node:path';
import type { FileSystemWatcher } from 'vscode-languageserver/node';
import { pathToUri } from './paths';

/** Characters with a meaning in a VS Code glob: a path segment holding one is matched by `*` instead (events are filtered by exact path on the server anyway). */
const globSpecial = /[*?[\]{},\\]/;

const globOf = (segments: string[]) => segments.map((s) => (globSpecial.test(s) ? '*' : s)).join('/');

/**
 * Watchers for exactly these files: one per workspace folder that holds some of them (a file
 * outside every folder is watched from its own folder), each naming its files in one brace list.
 * The folders on the way to a file are named too: a folder created or deleted with the file
 * inside is reported as the folder alone. Without relative-pattern support in the client, the
 * patterns are absolute.
 */
export function watchersFor(paths: readonly string[], roots: readonly string[], relativePatterns: boolean): FileSystemWatcher[] {
  const withSep = (folder: string) => (folder.endsWith(sep) ? folder : folder + sep);
  const rootPrefixes = roots.map(withSep);
  const groups = new Map<string, Set<string>>();
  for (const path of paths) {
    const prefix = rootPrefixes.find((root) => path.startsWith(root)) ?? withSep(dirname(path));
    const base = prefix.length > 1 ? prefix.slice(0, -1) : prefix;
    const group = groups.get(base) ?? new Set<string>();
    groups.set(base, group);
    let glob = '';
    for (const segment of path.slice(prefix.length).split(sep)) {
      glob += (glob ? '/' : '') + (globSpecial.test(segment) ? '*' : segment);
      group.add(glob);
    }
  }
  return [...groups].map(([base, names]) => {
    const pattern = names.size === 1 ? [...names][0] : `{${[...names].sort().join(',')}}`;
    return { globPattern: relativePatterns ? { baseUri: pathToUri(base), pattern } : `${base === sep ? '' : globOf(base.split(sep))}/${pattern}` };
  });
}
