import type { Span } from '../text/span';
import { parseHttpTestLine, testKind, type HttpTestLine } from './httpTest';
import { attribute, type Attribute, type MarkpactBlock, type Token } from './model';
import { parseRequirement, type DepsEcosystem, type ParsedRequirement } from './requirements';
import { checkSandboxPath } from './sandboxPath';
import { FRAMEWORKS, parseTarget, type ParsedTarget } from './target';

/** One `markpact:file` block as it will be written into the sandbox. */
export interface ServiceFile {
  /** Normalised, relative to the sandbox (`./a//b.py` → `a/b.py`); the confined path when the written one is unsafe. */
  path: string;
  /** The `path=` attribute; absent when pactown's default `main.py` applies (the markpact CLI stops with an error instead). */
  pathAttribute?: Attribute;
  /** Why the path as written is refused (absolute, drive letter, `..` out of the sandbox, a folder). */
  unsafe?: { reason: string; confined?: string };
  /**
   * The body plus a final newline. Unlike the reference, which `strip()`s bodies (losing the
   * first line's indentation and the final newline), the content is kept as written.
   */
  content: string;
  block: MarkpactBlock;
  /** An earlier file block with the same path; this one overwrites it (the last write wins). */
  overwrites?: ServiceFile;
}

/** One non-blank line of a `deps` block. */
export interface Requirement {
  /** The line as written (for implicit requirements: the package name). */
  raw: string;
  /** The line in the README the block comes from (`block.sourcePath`); for implicit ones, the word in the run command. */
  span: Span;
  parsed: ParsedRequirement;
  /** The ecosystem the block declares, which decides how the line is parsed. */
  ecosystem: DepsEcosystem;
  block: MarkpactBlock;
  /** Added by pactown because the run command uses uvicorn/gunicorn and no dep names it. */
  implicit: boolean;
}

export interface RunCommand {
  command: string;
  source: 'block' | 'target' | 'inferred';
  /** The run block (source 'block') or target block (source 'target'). */
  block?: MarkpactBlock;
  /** The file the command was inferred from (source 'inferred'). */
  file?: ServiceFile;
}

export interface BuildCommand {
  command: string;
  source: 'block' | 'target';
  block: MarkpactBlock;
}

/** Why the service runs as Node or Python (spec §1.3, pactown rules 1–4). */
export interface RuntimeEvidence {
  runtime: 'node' | 'python';
  rule: 'node-deps' | 'js-file' | 'run-command' | 'express' | 'default';
  block?: MarkpactBlock;
  file?: ServiceFile;
}

export interface HttpTestEntry {
  line: Token;
  result: HttpTestLine;
  block: MarkpactBlock;
}

export interface ShellTestEntry {
  command: string;
  line: Token;
  block: MarkpactBlock;
}

export interface ServiceModel {
  name?: string;
  /** `package.json` name pactown writes: lower-cased, other characters turned into `-`, or `pactown-app`. */
  packageName: string;
  /** Every file block in write order. */
  files: ServiceFile[];
  /** Every non-blank deps line, in block order. */
  requirements: Requirement[];
  runtime: RuntimeEvidence;
  /** What npm installs (Node runtime only): the Node-lang deps, else every dep. */
  nodeDeps: Requirement[];
  /** What pip installs (Python runtime only): every dep, plus implicit uvicorn/gunicorn. */
  pythonDeps: Requirement[];
  run?: RunCommand;
  /** Every run block, in order (pactown runs the first non-empty one, the markpact CLI the last). */
  runBlocks: MarkpactBlock[];
  httpTests: HttpTestEntry[];
  shellTests: ShellTestEntry[];
  build?: BuildCommand;
  /** The first target block (pactown ignores the others). */
  target?: ParsedTarget & { block: MarkpactBlock };
}

const NODE_LANGS = new Set(['node', 'js', 'javascript', 'npm']);
const JS_FILE = /(\.(js|mjs|cjs|ts|tsx|jsx)|(^|\/)package\.json)$/i;
const INFERRED_ENTRY: [string, string][] = [['main.py', 'python'], ['app.py', 'python'], ['index.js', 'node'], ['server.js', 'node'], ['main.js', 'node']];

/**
 * The ecosystem of a deps block. pactown reads only the fence language (node/js/javascript/npm →
 * Node, anything else Python), so the legacy ```` ```markpact:deps node ```` would be Python. We
 * read the scope word of the legacy form instead (a deliberate improvement: that is what the
 * author wrote, and markpact's docs describe it).
 */
export function depsEcosystem(block: MarkpactBlock): DepsEcosystem {
  const lang = block.form === 'legacy' ? (block.words[0]?.text ?? '') : block.lang;
  return NODE_LANGS.has(lang.toLowerCase()) ? 'node' : 'python';
}

/** Derives what pactown would build from a README's blocks (own blocks first, then included ones). */
export function deriveService(blocks: readonly MarkpactBlock[], options: { serviceName?: string } = {}): ServiceModel {
  const files = deriveFiles(blocks);
  const requirements = blocks.filter((b) => b.kind === 'deps').flatMap(depsLines);
  const runBlocks = blocks.filter((b) => b.kind === 'run');
  const targetBlock = blocks.find((b) => b.kind === 'target');
  const target = targetBlock ? { ...parseTarget(targetBlock.body), block: targetBlock } : undefined;
  const run = resolveRun(runBlocks, target, files);
  const runtime = detectRuntime(blocks, requirements, files, run);
  const nodeLangDeps = requirements.filter((r) => r.ecosystem === 'node');
  const model: ServiceModel = {
    ...(options.serviceName !== undefined ? { name: options.serviceName } : {}),
    packageName: options.serviceName ? options.serviceName.toLowerCase().replace(/[^a-z0-9_-]/g, '-') : 'pactown-app',
    files,
    requirements,
    runtime,
    nodeDeps: runtime.runtime === 'node' ? (nodeLangDeps.length > 0 ? nodeLangDeps : requirements) : [],
    pythonDeps: runtime.runtime === 'python' ? [...requirements, ...implicitServers(requirements, run)] : [],
    runBlocks,
    httpTests: [],
    shellTests: [],
  };
  if (run) model.run = run;
  if (target) model.target = target;
  const build = resolveBuild(blocks, target);
  if (build) model.build = build;
  collectTests(blocks, model);
  return model;
}

/** The files that end up in the sandbox: one per path, the last write winning, in first-write order. */
export function effectiveFiles(model: ServiceModel): ServiceFile[] {
  const byPath = new Map<string, ServiceFile>();
  for (const file of model.files) byPath.set(file.path, file);
  return [...byPath.values()];
}

function deriveFiles(blocks: readonly MarkpactBlock[]): ServiceFile[] {
  const files: ServiceFile[] = [];
  const byPath = new Map<string, ServiceFile>();
  for (const block of blocks) {
    if (block.kind !== 'file') continue;
    const pathAttribute = attribute(block, 'path');
    const checked = checkSandboxPath(pathAttribute?.value || 'main.py');
    const path = checked.safe ? checked.path : (checked.confined ?? 'main.py');
    const file: ServiceFile = { path, content: block.body === '' ? '' : `${block.body}\n`, block };
    if (pathAttribute) file.pathAttribute = pathAttribute;
    if (!checked.safe) file.unsafe = checked.confined ? { reason: checked.reason, confined: checked.confined } : { reason: checked.reason };
    // Compare what the reference would write to: the normalised path when it is safe.
    const earlier = checked.safe ? byPath.get(path) : undefined;
    if (earlier) file.overwrites = earlier;
    if (checked.safe) byPath.set(path, file);
    files.push(file);
  }
  return files;
}

function depsLines(block: MarkpactBlock): Requirement[] {
  const ecosystem = depsEcosystem(block);
  return block.lines
    .filter((line) => line.text.trim() !== '')
    .map((line) => ({ raw: line.text, span: line.span, parsed: parseRequirement(line.text, ecosystem), ecosystem, block, implicit: false }));
}

function resolveRun(runBlocks: MarkpactBlock[], target: ServiceModel['target'], files: ServiceFile[]): RunCommand | undefined {
  const first = runBlocks.find((b) => b.body.trim() !== '');
  if (first) return { command: first.body.trim(), source: 'block', block: first };
  const framework = target?.config.framework ? FRAMEWORKS[target.config.framework] : undefined;
  if (framework && target) return { command: framework.runCmd, source: 'target', block: target.block };
  for (const [basename, interpreter] of INFERRED_ENTRY) {
    const file = files.find((f) => !f.unsafe && (f.path === basename || f.path.endsWith(`/${basename}`)));
    // The reference runs `python main.py` even for `src/main.py`; we run the file where it is.
    if (file) return { command: `${interpreter} ${file.path}`, source: 'inferred', file };
  }
  return undefined;
}

function detectRuntime(blocks: readonly MarkpactBlock[], requirements: Requirement[], files: ServiceFile[], run: RunCommand | undefined): RuntimeEvidence {
  const nodeDeps = blocks.find((b) => b.kind === 'deps' && depsEcosystem(b) === 'node');
  if (nodeDeps) return { runtime: 'node', rule: 'node-deps', block: nodeDeps };
  const jsFile = files.find((f) => JS_FILE.test(f.path));
  if (jsFile) return { runtime: 'node', rule: 'js-file', file: jsFile, block: jsFile.block };
  // pactown looks at the last run block here; we use the command that actually runs.
  const command = run?.command.toLowerCase() ?? '';
  if (/^(node|npm|pnpm|yarn) /.test(command) || command.includes(' node ')) return { runtime: 'node', rule: 'run-command', ...(run?.block ? { block: run.block } : {}) };
  const express = requirements.find((r) => r.parsed.kind === 'package' && r.parsed.normalizedName === 'express');
  if (express && /node|npm/.test(command)) return { runtime: 'node', rule: 'express', block: express.block };
  return { runtime: 'python', rule: 'default' };
}

/** pactown appends uvicorn/gunicorn when the run command uses it and no dep names it (only when there are deps). */
function implicitServers(requirements: Requirement[], run: RunCommand | undefined): Requirement[] {
  if (requirements.length === 0 || run?.source !== 'block' || !run.block) return [];
  const named = new Set(requirements.map((r) => (r.parsed.kind === 'package' || r.parsed.kind === 'location' ? r.parsed.normalizedName : undefined)));
  const implicit: Requirement[] = [];
  for (const server of ['uvicorn', 'gunicorn']) {
    if (named.has(server)) continue;
    const span = wordSpan(run.block, server);
    if (!span) continue;
    implicit.push({ raw: server, span, parsed: { kind: 'package', name: server, normalizedName: server, nameSpan: { start: 0, end: server.length }, spec: '' }, ecosystem: 'python', block: run.block, implicit: true });
  }
  return implicit;
}

function wordSpan(block: MarkpactBlock, word: string): Span | undefined {
  for (const line of block.lines) {
    const match = new RegExp(`\\b${word}\\b`).exec(line.text);
    if (match) return { start: line.span.start + match.index, end: line.span.start + match.index + word.length };
  }
  return undefined;
}

function resolveBuild(blocks: readonly MarkpactBlock[], target: ServiceModel['target']): BuildCommand | undefined {
  const block = blocks.find((b) => b.kind === 'build' && b.body.trim() !== '');
  if (block) return { command: block.body.trim(), source: 'block', block };
  const framework = target?.config.framework ? FRAMEWORKS[target.config.framework] : undefined;
  return framework && target ? { command: framework.buildCmd, source: 'target', block: target.block } : undefined;
}

function collectTests(blocks: readonly MarkpactBlock[], model: ServiceModel): void {
  for (const block of blocks) {
    if (block.kind !== 'test') continue;
    const http = testKind(block) === 'http';
    for (const line of block.lines) {
      const text = line.text.trim();
      if (text === '' || text.startsWith('#')) continue;
      if (http) model.httpTests.push({ line, result: parseHttpTestLine(line.text), block });
      else model.shellTests.push({ command: text, line, block });
    }
  }
}
