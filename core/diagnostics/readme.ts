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
import type { Problem, Severity } from './problem';
import { checkService } from './readmeService';

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
  'crlf-line-endings': 'warning',
  'invalid-test': 'warning',
  'shell-test-without-meta': 'warning',
  'indented-first-line': 'warning',
  'invalid-target': 'error',
  'include-not-found': 'warning',
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
}

type Emit = (code: string, severity: Severity, span: Span, message: string, extra?: Pick<Problem, 'related' | 'data'>) => void;

/** The `markpact` problems of one README, sorted by position. A Markdown file without markpact blocks or includes has none. */
export function checkReadme(doc: MarkpactDocument, options: ReadmeCheckOptions = {}): Problem[] {
  if (!hasMarkpact(doc)) return [];
  const problems: Problem[] = [];
  const emit: Emit = (code, severity, span, message, extra) => problems.push({ source: 'markpact', code, severity, span, message, ...extra });
  checkLineEndings(doc, emit);
  for (const block of doc.blocks) checkBlock(block, emit);
  checkReferenceReading(doc, emit);
  const blocks = options.includes?.blocks ?? doc.blocks;
  const model = deriveService(blocks, options.serviceName !== undefined ? { serviceName: options.serviceName } : {});
  checkService(model, blocks, options.includes?.documents ?? new Map(), emit);
  append(problems, options.includes?.problems ?? []);
  return problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

function checkLineEndings(doc: MarkpactDocument, emit: Emit): void {
  const at = doc.text.indexOf('\r\n');
  if (at < 0) return;
  const message = doc.lineEndings === 'crlf'
    ? 'this file has CRLF (Windows) line endings: markpact and pactown find no blocks at all in it. Save it with LF line endings'
    : 'some lines end with CRLF (Windows line endings): markpact and pactown do not see blocks on those lines. Save the file with LF line endings';
  emit('crlf-line-endings', 'warning', { start: at, end: at + 2 }, message);
}

/** Blocks the reference runtime's regex parser drops or reads differently (CRLF files are reported once, above). */
function checkReferenceReading(doc: MarkpactDocument, emit: Emit): void {
  if (doc.lineEndings !== 'lf') return;
  for (const [block, reason] of referenceIncompatibilities(doc)) {
    emit('pactown-incompatible', 'warning', block.fence.openSpan, incompatibilityMessages[reason], { data: { reason } });
  }
}

function checkBlock(block: MarkpactBlock, emit: Emit): void {
  if (!isKnownKind(block.kind)) {
    const suggestion = nearestKind(block.kind);
    const planned = block.kind === 'ignore' ? ` ('${block.kind}' is only planned upstream)` : '';
    emit('unknown-kind', 'warning', block.kindSpan, `unknown block kind '${block.kind}'${planned}: markpact and pactown ignore this block${suggestion ? `. Did you mean '${suggestion}'?` : ''}`,
      suggestion ? { data: { suggestion } } : undefined);
  }
  const replacement = legacyReplacement(block);
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
