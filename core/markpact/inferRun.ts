import { effectiveFiles, type ServiceFile, type ServiceModel } from './service';

/** A run command guessed from a README's files, with what it was guessed from. */
export interface InferredRun {
  command: string;
  /** "FastAPI app in app/main.py", shown beside the suggestion. */
  reason: string;
}

/**
 * The port as every runner gives it: pactown and this extension set MARKPACT_PORT (and PORT), the
 * markpact CLI sets nothing in a normal run, so the shell default keeps the command working there.
 */
export const PORT_REFERENCE = '${MARKPACT_PORT:-8000}';

/** Files looked at, and how much of each: enough for any entry point, bounded on hostile READMEs. */
const MAX_FILES = 200;
const MAX_SCANNED = 64 * 1024;
const MAX_SUGGESTIONS = 6;

const FASTAPI_APP = /^([A-Za-z_]\w*)[ \t]*=[ \t]*(?:fastapi\.)?FastAPI\(/m;
const FLASK_APP = /^([A-Za-z_]\w*)[ \t]*=[ \t]*(?:flask\.)?Flask\(/m;
const STREAMLIT = /^[ \t]*(?:import streamlit|from streamlit[ \t.])/m;
const MAIN_GUARD = /^if[ \t]+__name__[ \t]*==[ \t]*["']__main__["'][ \t]*:/m;
const NODE_SERVER = /\.listen\(|createServer\(/;
const GO_MAIN = /^package[ \t]+main\b/m;
const PYTHON_ENTRIES = ['main.py', 'app.py', 'server.py', 'api.py', 'run.py', '__main__.py'];
const NODE_ENTRIES = ['index.js', 'server.js', 'main.js', 'app.js', 'index.mjs', 'server.mjs'];
const IDENTIFIER = /^[A-Za-z_]\w*$/;

/**
 * Run commands for a README without one, most specific first: a framework's server (FastAPI under
 * uvicorn, Flask, Streamlit, Django, an npm start script), then entry scripts (Python, Node, Go,
 * PHP, shell, `cargo run`); failing those, a script at the top of the sandbox, or a static server
 * for an index.html. Empty when nothing in the files says how.
 */
export function inferRunCommands(model: ServiceModel): InferredRun[] {
  const files = effectiveFiles(model).filter((f) => !f.unsafe).slice(0, MAX_FILES);
  const byDepth = [...files].sort((a, b) => depth(a.path) - depth(b.path) || entryRank(a.path) - entryRank(b.path) || a.path.localeCompare(b.path));
  const found: InferredRun[] = [];
  const add = (command: string, reason: string) => {
    if (!found.some((f) => f.command === command)) found.push({ command, reason });
  };
  const hasNodeDeps = model.requirements.some((r) => r.ecosystem === 'node');
  for (const file of byDepth) {
    if (basename(file.path) === 'package.json') fromPackageJson(file, hasNodeDeps, add);
  }
  for (const file of byDepth.filter((f) => f.path.endsWith('.py'))) fromPythonFramework(file, add);
  for (const file of byDepth) fromEntryScript(file, add);
  if (files.some((f) => basename(f.path) === 'Cargo.toml')) add('cargo run', 'Cargo.toml');
  if (found.length > 0) return found.slice(0, MAX_SUGGESTIONS);
  // Nothing says how it starts: a script at the top, else a static site.
  const script = byDepth.find((f) => depth(f.path) === 0 && /\.(py|(c|m)?js)$/.test(f.path));
  if (script) add(`${script.path.endsWith('.py') ? 'python3' : 'node'} ${shellWord(script.path)}`, `the only entry candidate, ${script.path}`);
  const page = byDepth.find((f) => basename(f.path) === 'index.html');
  if (page && !script) {
    const dir = dirname(page.path);
    add(`python3 -m http.server ${PORT_REFERENCE} --bind 127.0.0.1${dir ? ` --directory ${shellWord(dir)}` : ''}`, `static files (${page.path})`);
  }
  return found;
}

type Add = (command: string, reason: string) => void;

function fromPackageJson(file: ServiceFile, hasNodeDeps: boolean, add: Add): void {
  let manifest: unknown;
  try {
    manifest = JSON.parse(file.content.slice(0, MAX_SCANNED));
  } catch {
    return;
  }
  if (!manifest || typeof manifest !== 'object') return;
  const { scripts, main, dependencies } = manifest as { scripts?: unknown; main?: unknown; dependencies?: unknown };
  const dir = dirname(file.path);
  const cd = dir ? `cd ${shellWord(dir)} && ` : '';
  // npm installs only what deps blocks list; a package.json's own dependencies need an install first.
  const install = !hasNodeDeps && dependencies && typeof dependencies === 'object' && Object.keys(dependencies).length > 0 ? 'npm install && ' : '';
  const script = (name: string) => !!scripts && typeof scripts === 'object' && typeof (scripts as Record<string, unknown>)[name] === 'string';
  if (script('start')) {
    // A start script usually runs what the build script compiles (TypeScript, bundles).
    add(`${cd}${install}${script('build') ? 'npm run build && ' : ''}npm start`, `the start script of ${file.path}`);
  } else if (script('dev')) {
    add(`${cd}${install}npm run dev`, `the dev script of ${file.path}`);
  } else if (typeof main === 'string' && /^[\w./-]+\.(c|m)?js$/.test(main) && !main.includes('..')) {
    add(`${cd}${install}node ${shellWord(main.replace(/^\.\//, ''))}`, `"main" of ${file.path}`);
  }
}

function fromPythonFramework(file: ServiceFile, add: Add): void {
  const text = file.content.slice(0, MAX_SCANNED);
  const module = pythonModule(file.path);
  const fastapi = FASTAPI_APP.exec(text);
  if (fastapi && module) {
    const { name, appDir } = module;
    add(`uvicorn ${name}:${fastapi[1]}${appDir ? ` --app-dir ${shellWord(appDir)}` : ''} --port ${PORT_REFERENCE}`, `FastAPI app in ${file.path}`);
  }
  const flask = FLASK_APP.exec(text);
  if (flask && module) {
    const target = module.appDir ? file.path.replace(/\.py$/, '') : module.name;
    add(`python3 -m flask --app ${shellWord(flask[1] === 'app' ? target : `${target}:${flask[1]}`)} run --port ${PORT_REFERENCE}`, `Flask app in ${file.path}`);
  }
  if (STREAMLIT.test(text)) add(`streamlit run ${shellWord(file.path)} --server.port ${PORT_REFERENCE}`, `Streamlit app in ${file.path}`);
  if (basename(file.path) === 'manage.py') add(`python3 ${shellWord(file.path)} runserver 127.0.0.1:${PORT_REFERENCE}`, `Django project (${file.path})`);
}

function fromEntryScript(file: ServiceFile, add: Add): void {
  const name = basename(file.path);
  const text = file.content.slice(0, MAX_SCANNED);
  const path = shellWord(file.path);
  if (name.endsWith('.py') && (PYTHON_ENTRIES.includes(name) || MAIN_GUARD.test(text))) add(`python3 ${path}`, `Python entry point ${file.path}`);
  else if (/\.(c|m)?js$/.test(name) && (NODE_ENTRIES.includes(name) || NODE_SERVER.test(text))) add(`node ${path}`, `Node entry point ${file.path}`);
  else if (name.endsWith('.go') && GO_MAIN.test(text)) add(`go run ${path}`, `Go main package in ${file.path}`);
  else if (name === 'index.php') add(`php -S 127.0.0.1:${PORT_REFERENCE}${dirname(file.path) ? ` -t ${shellWord(dirname(file.path))}` : ''}`, `PHP site (${file.path})`);
  else if (name.endsWith('.php') && /^(bin\/|)[\w-]+\.php$/.test(file.path)) add(`php ${path}`, `PHP script ${file.path}`);
  else if (name.endsWith('.sh')) add(`sh ${path}`, `shell script ${file.path}`);
}

/**
 * `app/main.py` → module `app.main`; a folder that is not a package name is passed to uvicorn as
 * `--app-dir`. Undefined when the file's own name cannot be imported (`my-app.py`).
 */
function pythonModule(path: string): { name: string; appDir?: string } | undefined {
  const parts = path.replace(/\.py$/, '').split('/');
  if (parts.at(-1) === '__init__' && parts.length > 1) parts.pop();
  if (parts.every((p) => IDENTIFIER.test(p))) return { name: parts.join('.') };
  const last = parts.at(-1)!;
  return IDENTIFIER.test(last) ? { name: last, appDir: parts.slice(0, -1).join('/') } : undefined;
}

/** A path as one shell word: plain when it is safe, else single-quoted. */
function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirname(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

function depth(path: string): number {
  let count = 0;
  for (const c of path) if (c === '/') count++;
  return count;
}

/** Conventional entry names first, so `main.py` wins over `util.py` at the same depth. */
function entryRank(path: string): number {
  const name = basename(path);
  const rank = [...PYTHON_ENTRIES, ...NODE_ENTRIES, 'manage.py', 'package.json'].indexOf(name);
  return rank < 0 ? 100 : rank;
}
