// Base images built offline (no registry is reachable): `docker import` of a tarball of the
// host's own Debian Python (with pip) and Node (with npm), the shared libraries they load and
// dash as /bin/sh. Test-only; small (Python ~70 MB, Node ~120 MB) and built in seconds.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Engine } from './dockerd';

export const baseImages = { python: 'markpact-test/python:3', node: 'markpact-test/node:20' } as const;

/** Imports both base images into the engine; resolves with their names by runtime. */
export async function importBaseImages(engine: Engine): Promise<typeof baseImages> {
  const python = pythonLayout();
  await importImage(engine, baseImages.python, join(engine.dir, 'stage-python'), {
    files: [python.executable, ...tree(python.stdlib), ...tree(python.pip), ...tree(python.wheels)],
    links: { 'usr/bin/python3': python.executable, 'usr/bin/python': python.executable },
    scripts: { 'usr/bin/pip': 'exec python3 -m pip "$@"', 'usr/bin/pip3': 'exec python3 -m pip "$@"' },
  });
  const npm = '/usr/lib/node_modules/npm';
  await importImage(engine, baseImages.node, join(engine.dir, 'stage-node'), {
    files: [realpathSync(process.execPath), ...tree(npm)],
    links: { 'usr/bin/npm': `${npm}/bin/npm-cli.js`, 'usr/bin/npx': `${npm}/bin/npx-cli.js` },
    scripts: {},
  });
  return baseImages;
}

interface ImageContent {
  /** Host files copied to the same path in the image (their libraries follow). */
  files: string[];
  /** Symlinks in the image: path → target. */
  links: Record<string, string>;
  /** Small sh scripts in the image: path → body. */
  scripts: Record<string, string>;
}

/** Where Debian's python3 keeps its interpreter, standard library, pip, and the wheels `python3 -m venv` installs pip from. */
function pythonLayout(): { executable: string; stdlib: string; pip: string; wheels: string } {
  const script = 'import os, sys, sysconfig, pip; print(os.path.realpath(sys.executable)); print(sysconfig.get_paths()["stdlib"]); print(os.path.dirname(pip.__file__)); print(sysconfig.get_config_var("WHEEL_PKG_DIR"))';
  const probe = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
  const [executable, stdlib, pip, wheels] = probe.status === 0 ? probe.stdout.trim().split('\n') : [];
  if (!wheels || wheels === 'None') throw new Error(`the Python base image needs Debian's python3 with pip and venv (apt-get install python3-pip python3-venv): ${probe.stderr ?? ''}`);
  return { executable, stdlib, pip, wheels };
}

/** Regular files and symlinks under a folder, without bytecode caches, the stdlib's tests and Debian's pip lock (PEP 668). */
function tree(root: string): string[] {
  const skip = new Set(['__pycache__', 'test', 'idlelib', 'tkinter', 'turtledemo', 'EXTERNALLY-MANAGED']);
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 40) throw new Error(`${dir}: too deep`);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (skip.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.isFile() || entry.isSymbolicLink()) out.push(path);
    }
  };
  walk(root, 0);
  return out;
}

async function importImage(engine: Engine, name: string, stage: string, content: ImageContent): Promise<void> {
  // The image's skeleton: Debian's merged /usr (bin, lib, lib64 are links), /tmp, a home for root.
  for (const dir of ['usr/bin', 'usr/local/bin', 'tmp', 'root', 'etc']) mkdirSync(join(stage, dir), { recursive: true });
  chmodSync(join(stage, 'tmp'), 0o1777);
  for (const [path, target] of Object.entries({ bin: 'usr/bin', lib: 'usr/lib', lib64: 'usr/lib64', 'usr/bin/sh': 'dash', ...content.links })) symlinkSync(target, join(stage, path));
  for (const [path, body] of Object.entries(content.scripts)) writeFileSync(join(stage, path), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  writeFileSync(join(stage, 'etc/nsswitch.conf'), 'hosts: files dns\n');
  // dash is /bin/sh; env runs npm's and pip's `#!/usr/bin/env` scripts.
  const hostFiles = withLibraries([...content.files, '/usr/bin/dash', '/usr/bin/env']);
  const list = join(stage, '..', `${basename(stage)}.files`);
  writeFileSync(list, `${hostFiles.join('\n')}\n`);
  await pipeTarInto(engine, ['--create', '--directory', stage, '.', '--directory', '/', '--verbatim-files-from', '--files-from', list], ['import', '-', name]);
}

/** The files plus every shared library their ELF binaries load (ldd), each with its symlink chain, as paths under merged /usr. */
function withLibraries(files: string[]): string[] {
  const all = new Set<string>();
  const add = (path: string) => {
    // Through the canonical folder (/lib → /usr/lib) so the image's top-level links stay links.
    all.add(join(realpathSync(dirname(path)), basename(path)));
    all.add(realpathSync(path));
  };
  for (const file of files) {
    add(file);
    if (!isElf(file)) continue;
    const ldd = spawnSync('ldd', [file], { encoding: 'utf8' });
    for (const match of ldd.stdout.matchAll(/(\/\S+\.so[^\s]*)/g)) add(match[1]);
  }
  return [...all].sort();
}

function isElf(path: string): boolean {
  if (!lstatSync(path).isFile()) return false;
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, head, 0, 4, 0) === 4 && head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF';
  } finally {
    closeSync(fd);
  }
}

/** `tar … | docker import …` with both exit codes checked. */
async function pipeTarInto(engine: Engine, tarArgs: string[], dockerArgs: string[]): Promise<void> {
  const tar = spawn('tar', tarArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  const docker = spawn('docker', dockerArgs, { env: engine.env, stdio: ['pipe', 'ignore', 'pipe'] });
  tar.stdout!.pipe(docker.stdin!);
  let errors = '';
  tar.stderr!.on('data', (c: Buffer) => (errors = (errors + c.toString()).slice(-4000)));
  docker.stderr!.on('data', (c: Buffer) => (errors = (errors + c.toString()).slice(-4000)));
  const codes = await Promise.all([tar, docker].map((child) => new Promise<number | null>((resolve) => child.once('close', resolve))));
  // tar says "Removing leading `/'" on stderr and exits 0; anything else is a failure.
  if (codes.some((code) => code !== 0)) throw new Error(`building ${dockerArgs.at(-1)} failed (tar ${codes[0]}, docker ${codes[1]}): ${errors}`);
}
