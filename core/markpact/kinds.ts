import { distance } from 'fastest-levenshtein';

/** A block kind some reference tool reads (spec §1.2). */
export interface KindInfo {
  kind: string;
  /** One paragraph of Markdown: what it does, attributes, multiplicity, which tool reads it. */
  doc: string;
}

const KIND_LIST: KindInfo[] = [
  {
    kind: 'deps',
    doc:
      'Dependencies, one requirement per line (`#` comment lines allowed). The fence language decides the ecosystem in pactown: ' +
      '`node`, `js`, `javascript` or `npm` means npm packages, anything else Python (pip). The legacy form ' +
      '(```` ```markpact:deps python ````) uses the scope word instead; the markpact CLI only reads blocks whose meta contains `python`. ' +
      'All `deps` blocks of a README are concatenated. Read by the markpact CLI and pactown.',
  },
  {
    kind: 'file',
    doc:
      'A file written into the sandbox: `path=<relative path>` names it and the body is its full content. ' +
      'Without `path=`, the markpact CLI stops with an error while pactown writes `main.py`. ' +
      'Blocks are written in order, so a repeated path means the last one wins. Read by the markpact CLI and pactown.',
  },
  {
    kind: 'run',
    doc:
      'The command that starts the service, run by `/bin/sh -c` in the sandbox (whatever the fence language says); it may span several lines. ' +
      'Use `$PORT` or `${MARKPACT_PORT:-8000}` for the port. With several `run` blocks, pactown runs the **first** non-empty one ' +
      'and the markpact CLI the **last**. Read by the markpact CLI and pactown.',
  },
  {
    kind: 'test',
    doc:
      'Tests run by `markpact --test`. Meta `http` (or no meta) means one HTTP check per line: `METHOD /path [BODY {json}] [EXPECT status]`; ' +
      'meta `shell` or `bash` means one shell command per line, passing on exit status 0. The fence language is not consulted. ' +
      'All test blocks are collected. pactown only uses them to guess a health check.',
  },
  {
    kind: 'build',
    doc:
      'One shell command that builds the service (for example a desktop or mobile bundle). The first non-empty `build` block wins; ' +
      'without one, the target framework\'s default build command is used. Read by pactown only.',
  },
  {
    kind: 'target',
    doc:
      'A YAML mapping describing the build target: `platform` (`web`, `desktop` or `mobile`), `framework` (electron, tauri, pyinstaller, ' +
      'tkinter, pyqt, flutter-desktop, capacitor, react-native, flutter-mobile, kivy), `targets`, `app_name`, `app_id`, `app_version`, ' +
      '`icon`, `window_width`, `window_height`, `fullscreen`. The first `target` block wins. Read by pactown only.',
  },
  {
    kind: 'publish',
    doc:
      'Publishing settings as `key = value` or `key: value` lines (also `key=value` words in the meta): `registry` (pypi, pypi-test, npm, ' +
      'docker, ghcr, github), `name`, `version`, `description`, `author`, `license`, `repository`, `keywords`. The last `publish` block wins. ' +
      'Read by `markpact --publish` only.',
  },
  {
    kind: 'bootstrap',
    doc:
      'A self-contained Python runtime embedded in the README (meta: the interpreter, `python`), documented as the first block of the file. ' +
      'The markpact CLI and pactown skip it.',
  },
  {
    kind: 'health',
    doc: 'Marks that the service has a health check. pactown\'s content validation notes its presence; the body is not used.',
  },
  {
    kind: 'healthcheck',
    doc: 'Same as `health`: pactown\'s content validation notes its presence; the body is not used.',
  },
];

/**
 * Known kinds by name. `config` and `ignore` are only planned upstream (`docs/contract.md`), so
 * they are deliberately absent: no tool reads them, and they are reported as unknown.
 */
export const KINDS: ReadonlyMap<string, KindInfo> = new Map(KIND_LIST.map((k) => [k.kind, k]));

/** Whether any reference tool reads blocks of this kind (case-sensitive, as the tools are). */
export function isKnownKind(kind: string): boolean {
  return KINDS.has(kind);
}

/**
 * The known kind an unknown one was probably meant to be: a case-insensitive match, else the
 * nearest by Levenshtein distance ≤ 2 (ties go to a kind with the same first letter: `tets` → `test`).
 */
export function nearestKind(kind: string): string | undefined {
  const lower = kind.toLowerCase();
  if (KINDS.has(lower)) return lower;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const known of KINDS.keys()) {
    const d = distance(lower, known);
    if (d > 2) continue;
    const score = d * 2 + (known[0] === lower[0] ? 0 : 1);
    if (score < bestScore) [best, bestScore] = [known, score];
  }
  return best;
}
