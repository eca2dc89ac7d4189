/**
 * Fence languages offered at the start of an info string: what markpact READMEs use, with what
 * each one means to pactown where it matters (a deps block's language picks pip or npm).
 */
export const FENCE_LANGUAGES: { lang: string; note: string }[] = [
  { lang: 'python', note: 'Python source; a `deps` block with it lists pip requirements' },
  { lang: 'javascript', note: 'JavaScript; a `deps` block with it lists npm packages' },
  { lang: 'node', note: 'a `deps` block with it lists npm packages' },
  { lang: 'typescript', note: 'TypeScript; a `deps` block with it is installed with pip by pactown (use `node` for npm)' },
  { lang: 'bash', note: 'shell commands (`run` blocks always run with `/bin/sh -c`)' },
  { lang: 'sh', note: 'shell commands' },
  { lang: 'text', note: 'plain text; a `deps` block with it lists pip requirements' },
  { lang: 'json', note: 'JSON (package.json, data files)' },
  { lang: 'yaml', note: 'YAML (`target` blocks, config files)' },
  { lang: 'html', note: 'HTML' },
  { lang: 'css', note: 'CSS' },
  { lang: 'toml', note: 'TOML (pyproject.toml, Cargo.toml, `publish` blocks)' },
  { lang: 'ini', note: 'INI files' },
  { lang: 'go', note: 'Go source' },
  { lang: 'rust', note: 'Rust source' },
  { lang: 'php', note: 'PHP source' },
  { lang: 'tsx', note: 'TypeScript with JSX' },
  { lang: 'jsx', note: 'JavaScript with JSX' },
  { lang: 'dockerfile', note: 'a Dockerfile' },
  { lang: 'markdown', note: 'Markdown' },
  { lang: 'sql', note: 'SQL' },
  { lang: 'http', note: 'HTTP requests (`test` blocks: add the `http` scope word)' },
];

/** Fence languages whose usual entry file is obvious; anything else gets `main.py` (what pactown writes). */
const ENTRY_FILES: Record<string, string> = {
  python: 'main.py', py: 'main.py', javascript: 'index.js', js: 'index.js', node: 'index.js', typescript: 'index.ts', ts: 'index.ts',
  html: 'index.html', css: 'style.css', json: 'data.json', yaml: 'config.yaml', yml: 'config.yaml', toml: 'config.toml',
  go: 'main.go', rust: 'src/main.rs', php: 'index.php', bash: 'run.sh', sh: 'run.sh', shell: 'run.sh', dockerfile: 'Dockerfile',
  markdown: 'README.md', md: 'README.md', text: 'notes.txt', txt: 'notes.txt',
};

/** The file name a `file` block in this fence language usually writes (for a missing or new `path=`). */
export function entryFileFor(lang: string): string {
  return ENTRY_FILES[lang.toLowerCase()] ?? 'main.py';
}
