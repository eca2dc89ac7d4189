import { append } from '../text/append';
import { checkDepsScope, checkTemplate } from './blockAttributes';
import { HTTP_METHODS, parseHttpTestLine, testKind } from '../markpact/httpTest';
import type { IncludeResult } from '../markpact/include';
import { isKnownKind, nearestKind } from '../markpact/kinds';
import { legacyReplacement } from '../markpact/legacyHeader';
import { attribute, hasMarkpact, type MarkpactBlock, type MarkpactDocument } from '../markpact/model';
import { checkSandboxPath } from '../markpact/sandboxPath';
import { incompatibilityMessages, referenceIncompatibilities } from '../markpact/referenceCompat';
import { deriveService } from '../markpact/service';
import type { Span } from '../text/span';
import { lineCharacterAt } from '../text/lineCharacter';
import type { FenceIssue } from '../markpact/fences';
import { parseMarkpact } from '../markpact/parse';
import type { Problem, Severity } from './problem';
import { checkService } from './readmeService';
import { checkPortLiterals, standalonePort, type EffectivePort } from './portChecks';

/** Every code `checkReadme` reports, with its default severity. */
export const README_PROBLEM_CODES: Readonly<Record<string, Severity>> = {
  'unknown-kind': 'warning',
  'missing-path': 'error',
  'unsafe-path': 'error',
  'duplicate-path': 'warning',
  'multiple-run': 'warning',
  'no-run': 'warning',
  'invalid-requirement': 'error',
  'duplicate-dependency': 'warning',
  'deps-ecosystem-mismatch': 'warning',
  'python-deps-sent-to-npm': 'warning',
  'legacy-header': 'hint',
  'pactown-incompatible': 'warning',
  'unclosed-fence': 'warning',
  'nested-fence': 'warning',
  'invalid-test': 'warning',
  'shell-test-without-meta': 'warning',
  'indented-first-line': 'warning',
  'invalid-target': 'error',
  'include-not-found': 'warning',
  'hard-coded-port': 'warning',
  'uvicorn-reload': 'hint',
  'include-in-code-span': 'hint',
  'file-too-large': 'info',
  'template-placeholder': 'warning',
  'template-not-filled': 'hint',
  'sha256-mismatch': 'hint',
  'dev-scope-installed': 'warning',
};

export interface ReadmeCheckOptions {
  /**
   * What `resolveIncludes` found for this document. Its problems are merged into the result, and
   * the included blocks take part in the service checks (duplicates, run command, runtime);
   * problems are only ever placed in this document.
   */
  includes?: IncludeResult;
  serviceName?: string;
  /** The ports the README is run on (the services of ecosystems that use it); alone, pactown run's 8000. */
  ports?: readonly EffectivePort[];
}

type Emit = (code: string, severity: Severity, span: Span, message: string, extra?: Pick<Problem, 'related' | 'data'>) => void;

/** The `markpact` problems of one README, sorted by position. A Markdown file without markpact blocks or includes has none. */
export function checkReadme(doc: MarkpactDocument, options: ReadmeCheckOptions = {}): Problem[] {
  if (!hasMarkpact(doc) && doc.fenceIssues.length === 0) return [];
  const problems: Problem[] = [];
  const emit: Emit = (code, severity, span, message, extra) => problems.push({ source: 'markpact', code, severity, span, message, ...extra });
  const swallowing = checkFences(doc, emit);
  for (const block of doc.blocks) checkBlock(block, emit);
  checkReferenceReading(doc, emit, swallowing);
  const blocks = options.includes?.blocks ?? doc.blocks;
  const model = deriveService(blocks, options.serviceName !== undefined ? { serviceName: options.serviceName } : {});
  checkService(model, blocks, options.includes?.documents ?? new Map(), emit);
  checkPortLiterals(model, options.ports?.length ? options.ports : [standalonePort], emit);
  append(problems, options.includes?.problems ?? []);
  const real = swallowing && isKnockOn(doc, swallowing) ? problems.filter((p) => p.code !== 'no-run') : problems;
  return real.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/** The first fence that swallows the rest of the README (what follows it is out of step, so only the first is reported). */
function checkFences(doc: MarkpactDocument, emit: Emit): FenceIssue | undefined {
  const [first] = doc.fenceIssues;
  if (!first) return undefined;
  const line = (at: number) => lineCharacterAt(doc.text, at).line + 1;
  const fence = doc.text.slice(first.openSpan.start, first.openSpan.end).match(/^(`+|~+)/)?.[0] ?? '```';
  if (first.kind === 'unclosed') {
    emit('unclosed-fence', 'warning', first.openSpan, `this fence is never closed: everything after line ${line(first.openSpan.start)} is inside it, markpact blocks included. Close it with ${fence}`, { data: { fence } });
  } else {
    const longer = fence[0].repeat(fence.length + 1);
    emit('nested-fence', 'warning', first.openSpan,
      `a fence as long as this one opens inside it at line ${line(first.innerSpan!.start)}: Markdown ends this block at line ${line(first.closeSpan!.start)} instead, and every fence after that pairs up out of step. ` +
        `Close this block before line ${line(first.innerSpan!.start)}, or make it longer (${longer}) if it is meant to hold that fence`,
      { data: { longer, closeAt: first.closeSpan!.start } });
  }
  return first;
}

/** `no-run` is only real when the run command is not in the swallowed part and the blocks seen are not all its misreadings. */
function isKnockOn(doc: MarkpactDocument, issue: FenceIssue): boolean {
  const from = issue.openSpan.start;
  return doc.text.includes('markpact:run', from) || doc.blocks.every((b) => b.span.start >= from);
}

/**
 * Blocks the reference runtime's regex parser drops or reads differently. Both reference tools
 * read the README with Python's universal newlines, so a CRLF file is checked as its LF form.
 * The block a fence problem already explains is not reported twice.
 */
function checkReferenceReading(doc: MarkpactDocument, emit: Emit, swallowing: FenceIssue | undefined): void {
  const asRead = doc.lineEndings === 'lf' ? doc : parseMarkpact(doc.text.replace(/\r\n?/g, '\n'));
  if (asRead.blocks.length !== doc.blocks.length) return;
  const index = new Map(asRead.blocks.map((b, i) => [b, i]));
  for (const [block, reason] of referenceIncompatibilities(asRead)) {
    const own = doc.blocks[index.get(block)!];
    // An unclosed block at or after the fence at fault is its knock-on.
    if (reason === 'unclosed' && swallowing && own.fence.openSpan.start >= swallowing.openSpan.start) continue;
    emit('pactown-incompatible', 'warning', own.fence.openSpan, incompatibilityMessages[reason], { data: { reason } });
  }
}

function checkBlock(block: MarkpactBlock, emit: Emit): void {
  if (!isKnownKind(block.kind)) {
    const suggestion = nearestKind(block.kind);
    const planned = block.kind === 'ignore' ? ` ('${block.kind}' is only planned upstream)` : '';
    emit('unknown-kind', 'warning', block.kindSpan, `unknown block kind '${block.kind}'${planned}: markpact and pactown ignore this block${suggestion ? `. Did you mean '${suggestion}'?` : ''}`,
      suggestion ? { data: { suggestion } } : undefined);
  }
  // An unknown kind is no block anyone runs: its header form does not matter.
  const replacement = isKnownKind(block.kind) ? legacyReplacement(block) : undefined;
  if (replacement) {
    emit('legacy-header', 'hint', block.infoSpan, `legacy header: the language goes before the marker in the current form (${replacement})`, { data: { replacement } });
  }
  if (block.kind === 'file') checkFileBlock(block, emit);
  checkTemplate(block, emit);
  checkDepsScope(block, emit);
  if (block.kind === 'test') checkTestBlock(block, emit);
  if (block.kind === 'deps' && /^(ts|typescript)$/i.test(block.lang) && block.langSpan) {
    emit('deps-ecosystem-mismatch', 'warning', block.langSpan, `pactown installs \`\`\`${block.lang} deps with pip (only node, js, javascript and npm mean npm): write \`\`\`node markpact:deps`, { data: { replacement: 'node' } });
  }
}

function checkFileBlock(block: MarkpactBlock, emit: Emit): void {
  const path = attribute(block, 'path');
  if (!path || path.value === '') {
    emit('missing-path', 'error', block.markerSpan, 'file block without path=: the markpact CLI stops with an error and pactown writes it to main.py. Add path=<file name>', {
      data: { insertAt: block.infoSpan.end },
    });
  } else {
    const checked = checkSandboxPath(path.value);
    if (!checked.safe) {
      const escapes = checked.confined !== undefined;
      emit('unsafe-path', 'error', path.valueSpan,
        `${checked.reason}. ${escapes ? 'markpact and pactown would write there; ' : ''}pactown up refuses to run this README until it is fixed (nothing is written). ` +
        `Use a relative path inside the sandbox${escapes ? `, e.g. '${checked.confined}'` : ''}`,
        checked.confined ? { data: { confined: checked.confined } } : undefined);
    }
  }
  const first = block.lines.find((l) => l.text.trim() !== '');
  const indent = first ? /^[ \t]+/.exec(first.text)?.[0].length ?? 0 : 0;
  if (first && indent > 0) {
    emit('indented-first-line', 'warning', { start: first.span.start, end: first.span.start + indent }, 'the first line is indented: markpact and pactown strip the body, so this indentation is lost and the written file changes (YAML and Python break). This extension keeps it');
  }
}

const SHELL_LANGS = /^(bash|sh|shell|zsh|console)$/i;

function checkTestBlock(block: MarkpactBlock, emit: Emit): void {
  if (testKind(block) !== 'http') return;
  const lines = block.lines.filter((l) => l.text.trim() !== '' && !l.text.trim().startsWith('#'));
  const notHttp = (text: string) => !(HTTP_METHODS as readonly string[]).includes(text.trim().split(/\s+/)[0].toUpperCase());
  // A shell block whose header lacks `shell`: one problem for the block, not one per line.
  if (!block.meta.includes('http') && (SHELL_LANGS.test(block.lang) || (lines.length > 0 && lines.every((l) => notHttp(l.text))))) {
    emit('shell-test-without-meta', 'warning', block.infoSpan, "this test block has no 'shell' in its header, so markpact reads its lines as HTTP tests (METHOD /path …), not commands. Add shell after the marker", {
      data: { insertAt: block.infoSpan.end, insertText: ' shell' },
    });
    return;
  }
  for (const line of lines) {
    const result = parseHttpTestLine(line.text);
    if (result.kind !== 'invalid') continue;
    emit('invalid-test', 'warning', { start: line.span.start + result.span.start, end: line.span.start + result.span.end }, `invalid HTTP test: ${result.message}`);
  }
}
