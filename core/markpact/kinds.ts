import { editDistance } from '../text/editDistance';

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
  {
    kind: 'orchestration',
    doc:
      'A YAML `pipeline:` of named `steps`, each with an `actor` (`script`, `llm` or `human`): who does what. markpact\'s README generator ' +
      'writes it as the first block of the READMEs it makes. Running ignores it: the markpact CLI, pactown and this extension skip the block.',
  },
  {
    kind: 'state',
    doc:
      'The process state as JSON (`{"phase":"init", …}`), written by markpact\'s README generator next to `orchestration`. ' +
      'Running ignores it: the markpact CLI, pactown and this extension skip the block.',
  },
  {
    kind: 'config',
    doc:
      'Settings of markpact\'s deployment runtime (`python -m markpact.runtime`): plugins, defaults such as `timeout_default` and `retry_default`, ' +
      'in YAML, TOML or JSON. The markpact CLI, pactown and this extension skip the block.',
  },
  {
    kind: 'steps',
    doc:
      'The deployment steps markpact\'s deployment runtime (`python -m markpact.runtime`) reconciles one by one (YAML, TOML or JSON with a `steps:` list). ' +
      'The markpact CLI, pactown and this extension skip the block.',
  },
  {
    kind: 'rollback',
    doc:
      'The steps markpact\'s deployment runtime (`python -m markpact.runtime`) runs when a deployment step fails (a `steps:` list). ' +
      'The markpact CLI, pactown and this extension skip the block.',
  },
];

/**
 * Known kinds by name. `ignore` is only planned upstream (`docs/contract.md`), so it is
 * deliberately absent: no tool reads it, and it is reported as unknown.
 */
export const KINDS: ReadonlyMap<string, KindInfo> = new Map(KIND_LIST.map((k) => [k.kind, k]));

/** Whether any reference tool reads blocks of this kind (case-sensitive, as the tools are). */
export function isKnownKind(kind: string): boolean {
  return KINDS.has(kind);
}

/**
 * The known kind an unknown one was probably meant to be: a case-insensitive match, else the
 * nearest within a small edit distance (see `nearEnough`); ties go to a kind with the same
 * first letter. None when no kind is that close: a wrong guess is worse than none.
 */
export function nearestKind(kind: string): string | undefined {
  const lower = kind.toLowerCase();
  if (KINDS.has(lower)) return lower;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const known of KINDS.keys()) {
    const d = editDistance(lower, known, 3);
    if (!nearEnough(lower, d)) continue;
    const score = d * 2 + (known[0] === lower[0] ? 0 : 1);
    if (score < bestScore) [best, bestScore] = [known, score];
  }
  return best;
}

/** At most 1 edit for names of up to 4 characters, 2 for longer ones, and never more than a third of the name. */
export function nearEnough(name: string, distance: number): boolean {
  return distance <= (name.length <= 4 ? 1 : 2) && distance * 3 <= name.length;
}
