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
