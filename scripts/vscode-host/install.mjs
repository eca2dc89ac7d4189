// Installs code-server (the real VS Code workbench + a Node extension host, from npm) into
// <repo>/.vscode-host/, apart from the repo's own node_modules. See /work/shared/guides/vscode-host.md.
//   node scripts/vscode-host/install.mjs   → prints the entry path
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { arch } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureSystemPackages } from '../systemPackages.mjs';

/** 4.100.3 bundles VS Code 1.100.3 and is the last line that runs on Node 20 (later ones need 22+). */
export const CODE_SERVER_VERSION = '4.100.3';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const hostDir = join(repoRoot, '.vscode-host');
const packageDir = join(hostDir, 'node_modules', 'code-server');
const entry = join(packageDir, 'out', 'node', 'entry.js');
/** Written last, so an interrupted install is never taken for a finished one. */
const marker = join(hostDir, 'installed.json');

/** Returns the absolute path of code-server's entry script, installing it first when needed. */
export async function ensureCodeServer({ log = (line) => console.error(line) } = {}) {
  if (isInstalled()) return entry;
  checkPrerequisites();
  const started = Date.now();
  log(`[vscode-host] installing code-server@${CODE_SERVER_VERSION} into ${hostDir} (first run only, ~1 min)…`);

  mkdirSync(hostDir, { recursive: true });
  // Its own package.json makes npm treat .vscode-host/ as the project root instead of the repo.
  // allowScripts: the install scripts it needs (npm 11 warns about any not listed; npm 12 skips them).
  const manifest = { name: 'markpact-vscode-host', private: true, allowScripts: { 'code-server': true, argon2: true } };
  writeFileSync(join(hostDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  rmSync(marker, { force: true });

  // The npm child gets its own TMPDIR: @vscode/ripgrep's postinstall looks for its download cache
  // under os.tmpdir(), and native builds leave their litter there rather than in /tmp.
  const tmp = join(hostDir, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const ripgrepVersion = await vscodeRipgrepVersion(tmp);
    seedRipgrepCache(tmp, ripgrepVersion);
    // yes=true: node-pty's build runs `npx node-gyp`, which would stop at a prompt with yes=false.
    const env = { ...process.env, npm_config_yes: 'true', TMPDIR: tmp };
    // code-server's postinstall refuses to run as root unless npm says "unsafe-perm", a setting
    // npm 11 no longer knows (and warns about). So npm installs without scripts, argon2's build
    // runs through npm rebuild, and the postinstall runs here with the answer it asks for.
    await run('npm', ['i', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: hostDir, env });
    await run('npm', ['rebuild', 'argon2', '--no-audit', '--no-fund'], { cwd: hostDir, env });
    await runQuietly('sh', ['./postinstall.sh'], {
      cwd: packageDir,
      env: { ...env, npm_config_user_agent: `npm/${npmVersion()} node/${process.version} linux ${arch()}`, npm_config_unsafe_perm: 'true' },
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!existsSync(entry) || !existsSync(join(packageDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'))) {
    throw new Error(`[vscode-host] npm finished but ${entry} or VS Code's ripgrep is missing`);
  }
  writeFileSync(marker, JSON.stringify({ version: CODE_SERVER_VERSION, node: process.version }) + '\n');
  log(`[vscode-host] code-server installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return entry;
}

function isInstalled() {
  try {
    const { version, node } = JSON.parse(readFileSync(marker, 'utf8'));
    const installed = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
    // Native modules are built for one Node ABI: a new major Node means a reinstall.
    const sameNodeMajor = node?.split('.')[0] === process.version.split('.')[0];
    return version === CODE_SERVER_VERSION && installed === CODE_SERVER_VERSION && sameNodeMajor && existsSync(entry);
  } catch {
    return false;
  }
}

/** Fails early, naming the Debian packages, rather than deep inside a native build. */
function checkPrerequisites() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) throw new Error(`[vscode-host] code-server@${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.version}`);
  ensureSystemPackages(['libkrb5-dev', 'ripgrep']);
}

/**
 * @vscode/ripgrep is not a dependency of code-server itself but of its bundled VS Code
 * (lib/vscode, installed by code-server's postinstall), pinned by lib/vscode/npm-shrinkwrap.json.
 * Reads the pin from the package tarball (npm pack also puts it in npm's cache, so the install
 * below does not download it again); 1.15.11 is what 4.100.3 pins, kept as a fallback.
 */
async function vscodeRipgrepVersion(tmp) {
  const fallback = '1.15.11';
  try {
    const packDir = mkdtempSync(join(tmp, 'pack-'));
    const name = execFileSync('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent', '--pack-destination', packDir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim().split('\n').pop();
    const shrinkwrap = execFileSync('tar', ['-xzOf', join(packDir, name), 'package/lib/vscode/npm-shrinkwrap.json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    rmSync(packDir, { recursive: true, force: true });
    const version = JSON.parse(shrinkwrap).packages?.['node_modules/@vscode/ripgrep']?.version;
    if (typeof version === 'string') return version;
  } catch (error) {
    console.error(`[vscode-host] could not read @vscode/ripgrep's version from the package (${error.message}); assuming ${fallback}`);
  }
  return fallback;
}

/**
 * @vscode/ripgrep's postinstall downloads ripgrep from GitHub, unreachable here, unless
 * `<os.tmpdir()>/vscode-ripgrep-cache-<its version>/ripgrep-<release>-<target>.tar.gz` exists
 * (lib/download.js); it then untars that into its bin/. Release and targets are the constants of
 * its lib/postinstall.js (1.15.x: v13.0.0-10; *-unknown-linux-musl on x64/arm64). Debian's rg
 * is 13.0.0 too.
 */
function seedRipgrepCache(tmp, ripgrepVersion) {
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[arch()];
  if (!target) throw new Error(`[vscode-host] no ripgrep target known for arch ${arch()}`);
  const cacheDir = join(tmp, `vscode-ripgrep-cache-${ripgrepVersion}`);
  const staging = join(tmp, 'rg-staging');
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(staging, { recursive: true });
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  copyFileSync(rg, join(staging, 'rg'));
  execFileSync('tar', ['-czf', join(cacheDir, `ripgrep-v13.0.0-10-${target}.tar.gz`), '-C', staging, 'rg']);
}

function npmVersion() {
  return execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
}

/** Runs a command whose output matters only when it fails (as npm treats install scripts). */
function runQuietly(command, args, options) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    let kept = 0;
    const keep = (chunk) => {
      output.push(chunk);
      kept += chunk.length;
      while (kept > 256 * 1024 && output.length > 1) kept -= output.shift().length;
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolvePromise();
      process.stderr.write(Buffer.concat(output));
      reject(new Error(`[vscode-host] ${command} ${args.join(' ')} in ${options.cwd} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** Runs a command with inherited stderr (npm's progress) and its stdout sent to stderr too. */
function run(command, args, options) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`[vscode-host] ${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureCodeServer().then(
    (path) => console.log(path),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
