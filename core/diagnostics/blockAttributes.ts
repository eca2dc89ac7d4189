import { attribute, type MarkpactBlock } from '../markpact/model';
import { findPlaceholders, hasTemplatePlaceholders, isTemplateBlock, MAX_PLACEHOLDER_LENGTH } from '../markpact/template';
import type { Problem, Severity } from './problem';

type Emit = (code: string, severity: Severity, span: Problem['span'], message: string, extra?: Pick<Problem, 'data'>) => void;

/** At most this many placeholder problems per block: a generated file can hold thousands. */
const MAX_PLACEHOLDER_PROBLEMS = 50;

/**
 * Placeholders of `markpact:file` blocks, by syntax only: what they are filled with depends on the
 * machine that runs the README (its environment, its secrets file), which a document check never reads.
 */
export function checkTemplate(block: MarkpactBlock, emit: Emit): void {
  if (block.kind !== 'file') return;
  const template = isTemplateBlock(block);
  const fillable = hasTemplatePlaceholders(block.body);
  if (!template) {
    if (fillable) {
      emit('template-not-filled', 'hint', block.infoSpan, 'this block has ${ask:…} or ${env:…} placeholders but no template=true: markpact and pactown write them into the file as they are. Add template=true to fill them when the sandbox is written', {
        data: { insertAt: block.infoSpan.end, insertText: ' template=true' },
      });
    }
    return;
  }
  if (!fillable) {
    emit('template-not-filled', 'hint', attribute(block, 'template')!.span,
      'template=true, but markpact fills a block only when it holds a well-formed ${ask:…} or ${env:…} placeholder: this one is written as is (a ${VAR} alone is not filled)');
  }
  let reported = 0;
  for (const line of block.lines) {
    for (const problem of malformedPlaceholders(line.text)) {
      if (reported++ >= MAX_PLACEHOLDER_PROBLEMS) return;
      emit('template-placeholder', 'warning', { start: line.span.start + problem.start, end: line.span.start + problem.end }, problem.message);
    }
  }
}

/** `${ask:` and `${env:` starts on one line that markpact does not read as a placeholder. */
export function malformedPlaceholders(line: string): { start: number; end: number; message: string }[] {
  const found: { start: number; end: number; message: string }[] = [];
  const valid = new Set([...findPlaceholders(line, 'ask'), ...findPlaceholders(line, 'env')].map((p) => p.start));
  for (let at = line.indexOf('${'); at >= 0; at = line.indexOf('${', at + 2)) {
    const kind = line.startsWith('${ask:', at) ? 'ask' : line.startsWith('${env:', at) ? 'env' : undefined;
    if (!kind || valid.has(at)) continue;
    const close = line.indexOf('}', at);
    if (close < 0) {
      found.push({ start: at, end: at + 6, message: `unterminated \${${kind}: placeholder: there is no } on this line, so markpact reads up to the next } in the file (or leaves it as it is)` });
      break; // every later `${` on the line has no `}` either
    }
    const inner = line.slice(at + 6, close);
    const reason = close - at >= MAX_PLACEHOLDER_LENGTH ? `it is longer than ${MAX_PLACEHOLDER_LENGTH} characters`
      : inner.includes(':') && !/:-/.test(inner) ? 'a default is written after :- (${' + kind + ':NAME:-default})'
        : kind === 'env' ? 'after env: comes a variable name (letters, digits and _, not starting with a digit)'
          : 'after ask: comes a label (no : or })';
    found.push({ start: at, end: close + 1, message: `markpact does not fill this placeholder and writes it as it is: ${reason}` });
  }
  return found;
}

/** Scope values that mean "not needed to run"; markpact has no scopes, so it installs them anyway. */
const NOT_RUNTIME = /^(dev|development|test|tests|build|lint|docs|optional)$/i;

/** `scope=dev` on a deps block: markpact ignores it and installs those packages as runtime dependencies. */
export function checkDepsScope(block: MarkpactBlock, emit: Emit): void {
  if (block.kind !== 'deps') return;
  const scope = attribute(block, 'scope');
  if (!scope || !NOT_RUNTIME.test(scope.value)) return;
  emit('dev-scope-installed', 'warning', scope.span,
    `markpact has no dependency scopes: it ignores scope=${scope.value} and installs these packages with the others as runtime dependencies (so do pactown and this extension). ` +
    'Remove the attribute to say so, or comment the lines out if the service does not need them', { data: { remove: scope.span } });
}
