import { commandPortLiterals, filePortLiterals, reloadFlag, type PortLiteral } from '../markpact/portLiterals';
import type { MarkpactBlock } from '../markpact/model';
import type { ServiceModel } from '../markpact/service';
import type { Span } from '../text/span';
import type { Problem, Severity } from './problem';
import { bodyToDocument } from './readmeService';

/** A port a README is run on, and by whom ("'api' in shop.pactown.yaml runs it on"). */
export interface EffectivePort {
  port: number;
  who: string;
}

/** The port of a README run on its own: `pactown run` and this extension's Run give it 8000. */
export const standalonePort: EffectivePort = { port: 8000, who: 'pactown run and this extension run a README on its own on' };

type Emit = (code: string, severity: Severity, span: Span, message: string, extra?: Pick<Problem, 'related' | 'data'>) => void;

/** A literal port found in a README's own blocks, placed in the document, with the text that reads the service's port instead. */
export interface PlacedPortLiteral extends PortLiteral {
  span: Span;
  replacement: string;
  /** Text to insert first (an import the replacement needs), and where. */
  prepend?: { at: number; text: string };
  block: MarkpactBlock;
}

const isOwn = (block: MarkpactBlock) => block.sourcePath === undefined;

/** Every literal port of the run block and the file blocks (this document's own), placed. */
export function placedPortLiterals(model: ServiceModel): PlacedPortLiteral[] {
  const placed: PlacedPortLiteral[] = [];
  const place = (block: MarkpactBlock, literal: PortLiteral, replacement: string, prepend?: PlacedPortLiteral['prepend']) =>
    placed.push({ ...literal, block, replacement, span: { start: bodyToDocument(block, literal.start), end: bodyToDocument(block, literal.end) }, ...(prepend ? { prepend } : {}) });
  const run = model.run?.source === 'block' ? model.run.block : undefined;
  if (run && isOwn(run)) for (const literal of commandPortLiterals(run.body)) place(run, literal, `\${MARKPACT_PORT:-${literal.port}}`);
  for (const file of model.files) {
    if (!isOwn(file.block)) continue;
    for (const literal of filePortLiterals(file.path, file.block.body)) {
      if (literal.form === 'listen(') {
        place(file.block, literal, `process.env.PORT || ${literal.port}`);
      } else {
        const importsOs = /^(?:import os\b|from os import environ\b)/m.test(file.block.body);
        const first = file.block.lines[0]?.span.start;
        place(file.block, literal, `int(os.environ.get("PORT", ${literal.port}))`, importsOs || first === undefined ? undefined : { at: first, text: 'import os\n' });
      }
    }
  }
  return placed;
}

const FORM_TEXT: Record<PortLiteral['form'], string> = {
  '--port': '--port', '-p': '-p', ':port': 'the listen address', 'PORT=': 'PORT=', 'http.server': 'http.server', 'port=': 'port=', 'listen(': 'listen(',
};

/** Why a literal port that differs from the effective one matters, for the message. */
export function portLiteralConsequence(literal: PortLiteral, expected: EffectivePort): string {
  if (literal.rewritten) {
    return `pactown rewrites ${FORM_TEXT[literal.form]} ${literal.port} to ${expected.port} when it starts the service (this extension does too, and says so in the log), but markpact and anyone reading the README run it on ${literal.port}`;
  }
  return `nothing rewrites it: the service listens on ${literal.port}, never answers on ${expected.port}, and the start fails (this extension fails at once and names the port; pactown waits for its timeout)`;
}

/**
 * `hard-coded-port` on every literal port that differs from a port the README is run on, and
 * `uvicorn-reload` on `--reload`. A literal equal to the port is left alone: it is what the README
 * means, and an ecosystem that assigns another port gets its own diagnostic.
 */
export function checkPortLiterals(model: ServiceModel, ports: readonly EffectivePort[], emit: Emit): void {
  for (const literal of placedPortLiterals(model)) {
    const expected = ports.find((p) => p.port !== literal.port);
    if (!expected) continue;
    emit('hard-coded-port', 'warning', literal.span,
      `hard-coded port ${literal.port}, but ${expected.who} port ${expected.port}; ${portLiteralConsequence(literal, expected)}. Read the port from the environment: ${literal.replacement}`,
      { data: { replacement: literal.replacement, ...(literal.prepend ? { prepend: literal.prepend } : {}) } });
  }
  const run = model.run?.source === 'block' ? model.run.block : undefined;
  const reload = run && isOwn(run) ? reloadFlag(run.body) : undefined;
  if (run && reload) {
    const span = { start: bodyToDocument(run, reload.start), end: bodyToDocument(run, reload.end) };
    emit('uvicorn-reload', 'hint', span,
      '--reload makes uvicorn run a reloader and a worker (twice the processes per service) that restarts on every file written into the sandbox; pactown removes it, and so does this extension (saying so in the log). Remove it',
      { data: { deleteFrom: span.start - 1 } });
  }
}
