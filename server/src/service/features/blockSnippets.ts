import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver/node';
import { inferRunCommands } from '../../../../core/markpact/inferRun';
import { KINDS } from '../../../../core/markpact/kinds';
import type { MarkpactBlock, MarkpactDocument } from '../../../../core/markpact/model';
import { depsEcosystem, deriveService } from '../../../../core/markpact/service';
import { DEPS_HEADER } from './readmeFixes';
import { entryFileFor } from './fenceLanguages';
import { ownBlocks } from './documentText';

/** Where a block is being written: the README, the block under the cursor (if any), the fence and what precedes it. */
export interface SnippetPlace {
  parsed: MarkpactDocument;
  current: MarkpactBlock | undefined;
  fence: string;
  /** Indentation or `> ` before the fence, repeated on each body line and on the closing fence. */
  prefix: string;
  /** Whether a closing fence already follows: then only the header is written. */
  closed: boolean;
}

interface Template {
  kind: string;
  /** The fence language of a new block; `${1:…}` when the writer is expected to change it. */
  lang: string;
  /** Tab stops the header uses (they come right after the language's). */
  headerStops: number;
  header: (stop: number, lang: string) => string;
  body: (stop: number, place: SnippetPlace) => string[];
}

const NODE_LANGS = /^(node|js|javascript|npm)$/i;
const DEPS_META = (ecosystem: 'python' | 'node') => DEPS_HEADER[ecosystem].replace(/^\S+ markpact:deps/, '');

const TEMPLATES: Record<string, Template> = {
  file: { kind: 'file', lang: '${1:python}', headerStops: 1, header: (n, lang) => ` path=\${${n}:${escapeText(entryFileFor(lang))}}`, body: () => ['$0'] },
  'deps-python': { kind: 'deps', lang: 'text', headerStops: 0, header: () => DEPS_META('python'), body: () => ['$0'] },
  'deps-node': { kind: 'deps', lang: 'node', headerStops: 0, header: () => DEPS_META('node'), body: () => ['$0'] },
  run: { kind: 'run', lang: 'bash', headerStops: 0, header: () => '', body: (n, place) => [runChoice(n, place)] },
  test: { kind: 'test', lang: 'text', headerStops: 0, header: () => ' http', body: (n) => [`GET \${${n}:/} EXPECT \${${n + 1}:200}`] },
  build: { kind: 'build', lang: 'bash', headerStops: 0, header: () => '', body: (n) => [`\${${n}:command}`] },
  target: { kind: 'target', lang: 'yaml', headerStops: 0, header: () => '', body: (n) => [`platform: \${${n}|desktop,mobile,web|}`, 'framework: $0'] },
  publish: {
    kind: 'publish', lang: 'text', headerStops: 1, header: (n) => ` registry=\${${n}|pypi,npm,docker,ghcr,github|}`,
    body: (n) => [`name = \${${n}:package-name}`, `version = \${${n + 1}:0.1.0}`],
  },
};

/**
 * Whole blocks for a bare fence or an empty README: the fence language, `markpact:<kind>` with
 * its attributes as tab stops, and — unless a closing fence already follows — the body and the
 * closing fence. `opening` is the fence to write first (an empty README has none yet).
 */
export function wholeBlockItems(place: SnippetPlace, range: Range, opening: string): CompletionItem[] {
  const ids = ['file', ...depsOrder(place.parsed), 'run', 'test', 'build', 'target', 'publish'].filter((id) => kindOffered(TEMPLATES[id].kind, place.parsed, place.current));
  return ids.map((id, index) => {
    const t = TEMPLATES[id];
    const lang = t.lang.replace(/^\$\{1:(.*)\}$/, '$1');
    const langStops = t.lang.startsWith('${') ? 1 : 0;
    const text = `${opening}${t.lang} markpact:${t.kind}${t.header(1 + langStops, lang)}${closing(t, place, 1 + langStops + t.headerStops)}`;
    const label = id === 'deps-python' ? 'deps block (Python)' : id === 'deps-node' ? 'deps block (Node)' : `${t.kind} block`;
    return item(label, t.kind, `${opening || place.fence}${lang} markpact:${t.kind}`, text, range, `0${index}`);
  });
}

/** `markpact:<kind>` after a typed language, with the attributes as tab stops and, when the block is not closed yet, its body and closing fence. */
export function kindSnippetItems(place: SnippetPlace, range: Range, lang: string, prefix: string): CompletionItem[] {
  return [...KINDS.values()].filter((info) => kindOffered(info.kind, place.parsed, place.current)).map((info, index) => {
    const id = info.kind === 'deps' ? (NODE_LANGS.test(lang) ? 'deps-node' : 'deps-python') : info.kind;
    const t = TEMPLATES[id];
    const text = `${prefix}${info.kind}${t ? t.header(1, lang) : ''}${closing(t, place, 1 + (t?.headerStops ?? 0))}`;
    return item(`${prefix}${info.kind}`, info.kind, `${place.fence}${lang}${lang ? ' ' : ''}markpact:${info.kind}`, text, range, String(index).padStart(2, '0'));
  });
}

/** Run commands the README's files suggest, for a line of a run block. */
export function runCommandItems(parsed: MarkpactDocument, block: MarkpactBlock, range: Range): CompletionItem[] {
  const present = new Set(block.lines.map((l) => l.text.trim()));
  return inferRunCommands(deriveService(ownBlocks(parsed)))
    .filter((run) => !present.has(run.command))
    .map((run, index) => ({
      label: run.command,
      kind: CompletionItemKind.Text,
      detail: `inferred from ${run.reason}`,
      sortText: String(index).padStart(2, '0'),
      textEdit: { range, newText: run.command },
    }));
}

/** One run block and one target block per README (the others would be ignored by one tool or the other). */
export function kindOffered(kind: string, parsed: MarkpactDocument, current: MarkpactBlock | undefined): boolean {
  if (kind !== 'run' && kind !== 'target') return true;
  return !ownBlocks(parsed).some((b) => b.kind === kind && b !== current);
}

/** Python deps first, unless the README already looks like a Node service. */
function depsOrder(parsed: MarkpactDocument): string[] {
  const node = ownBlocks(parsed).some((b) => (b.kind === 'deps' && depsEcosystem(b) === 'node') || (b.kind === 'file' && /\.(c|m)?js"?$|package\.json$/.test(b.attributes.find((a) => a.key === 'path')?.value ?? '')));
  return node ? ['deps-node', 'deps-python'] : ['deps-python', 'deps-node'];
}

/** The body lines and the closing fence, each after the container's prefix; nothing when the block is already closed. */
function closing(t: Template | undefined, place: SnippetPlace, stop: number): string {
  if (place.closed) return '';
  const body = t ? t.body(stop, place) : ['$0'];
  return body.map((line) => `\n${place.prefix}${line}`).join('') + `\n${place.prefix}${place.fence}`;
}

/** A choice of the inferred commands (the first selected), or a placeholder when nothing can be inferred. */
function runChoice(stop: number, place: SnippetPlace): string {
  const commands = inferRunCommands(deriveService(ownBlocks(place.parsed))).map((r) => r.command);
  if (commands.length === 0) return `\${${stop}:command}`;
  if (commands.length === 1) return `\${${stop}:${escapeText(commands[0])}}`;
  return `\${${stop}|${commands.map(escapeChoice).join(',')}|}`;
}

function item(label: string, kind: string, detail: string, snippet: string, range: Range, sortText: string): CompletionItem {
  return {
    label,
    kind: CompletionItemKind.Snippet,
    detail,
    documentation: { kind: MarkupKind.Markdown, value: KINDS.get(kind)?.doc ?? '' },
    filterText: label.replace(/ block.*$/, ''),
    sortText,
    insertTextFormat: InsertTextFormat.Snippet,
    // The prefix of a block quote or list item is written by us; the editor must not indent again.
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range, newText: snippet },
  };
}

/** Snippet text outside placeholders: `$`, `}` and `\` are literal only when escaped. */
function escapeText(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** A choice option: `,`, `|` and `\` are escaped; `$` is literal there. */
function escapeChoice(text: string): string {
  return text.replace(/[\\,|]/g, '\\$&');
}
