import { dirname, join } from 'node:path';
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { KINDS } from '../../../../core/markpact/kinds';
import { attribute, type MarkpactBlock, type MarkpactDocument } from '../../../../core/markpact/model';
import { normalizePythonName, parseRequirement } from '../../../../core/markpact/requirements';
import { depsEcosystem } from '../../../../core/markpact/service';
import type { Span } from '../../../../core/text/span';
import type { LanguageService } from '../languageService';
import { uriToPath } from '../paths';
import { blockAt, lineAt, ownBlocks, rangeOf, type LineText } from './documentText';
import { FENCE_LANGUAGES } from './fenceLanguages';
import { closedBelow, infoCursorAt, type InfoCursor } from './fenceCursor';
import { kindOffered, kindSnippetItems, runCommandItems, wholeBlockItems } from './blockSnippets';
import { cachedPackageNames, filesUnder } from './offlineSources';
import { SCOPE_DOC, SHA256_DOC, TEMPLATE_DOC } from '../../../../core/markpact/attributeDocs';
import { markpactContentHash } from '../../../../core/markpact/contentHash';

const MARKER = 'markpact:';

/** Meta words and attributes each kind reads (spec §1.1.1, §1.2), offered after the marker. */
const META_WORDS: Record<string, { word: string; doc: string; group?: string; insert?: string }[]> = {
  file: [
    { word: 'path=', doc: 'The file\'s path inside the sandbox, relative (no quoting: the value runs to the next space).' },
    { word: 'template=', insert: 'template=true', doc: TEMPLATE_DOC },
    { word: 'sha256=', doc: SHA256_DOC },
  ],
  deps: [
    { word: 'python', group: 'scope', doc: 'Scope word: the markpact CLI installs a deps block only when its meta contains `python`.' },
    { word: 'node', group: 'scope', doc: 'Scope word for npm packages in the legacy form (```` ```markpact:deps node ````); in the current form the fence language decides.' },
    { word: 'scope=', insert: 'scope=dev', doc: SCOPE_DOC },
  ],
  test: [
    { word: 'http', group: 'scope', doc: 'One HTTP check per line: `METHOD /path [BODY {json}] [EXPECT status]` (also the default without meta).' },
    { word: 'shell', group: 'scope', doc: 'One shell command per line; a test passes when the command exits with 0.' },
  ],
  bootstrap: [{ word: 'python', doc: 'The interpreter the embedded runtime is for.' }],
  publish: [
    { word: 'registry=', doc: 'pypi, pypi-test, npm, docker, ghcr or github.' },
    { word: 'name=', doc: 'The published package name.' },
    { word: 'version=', doc: 'The published version.' },
  ],
};

/** Completions in a Markdown document: whole blocks, the info string of a fence, package names in a deps block, run commands in a run block. */
export async function markdownCompletion(service: LanguageService, doc: TextDocument, position: Position): Promise<CompletionList | null> {
  const parsed = service.markdown.get(doc);
  const offset = doc.offsetAt(position);
  const block = blockAt(parsed, offset);
  const line = lineAt(doc, position);
  // Below the opening line (its trailing spaces are not in openSpan, but still on the header).
  if (block && position.line > doc.positionAt(block.fence.openSpan.end).line) {
    const inBody = !block.fence.closeSpan || offset < block.fence.closeSpan.start;
    if (inBody && block.kind === 'deps') return packageCompletion(service, doc, block, line, position);
    if (inBody && block.kind === 'run') return listOf(runCommandItems(parsed, block, lineContent(doc, line)));
    return null;
  }
  if (isEmpty(doc)) {
    const place = { parsed, current: undefined, fence: '```', prefix: '', closed: false };
    return listOf(wholeBlockItems(place, rangeOf(doc, { start: line.start, end: line.start + line.text.length }), '```'));
  }
  const info = infoCursorAt(line, position.character);
  if (!info) return null;
  return listOf(await infoCompletion(doc, parsed, block, info, line));
}

function listOf(items: CompletionItem[]): CompletionList | null {
  return items.length > 0 ? { isIncomplete: false, items } : null;
}

/** A README with nothing in it yet (whitespace at most) gets whole blocks, fence included. */
function isEmpty(doc: TextDocument): boolean {
  const text = doc.getText();
  return text.length <= 4_096 && text.trim() === '';
}

/** The text of a line after its indentation (what a run command replaces). */
function lineContent(doc: TextDocument, line: LineText): Range {
  const indent = /^\s*/.exec(line.text)?.[0].length ?? 0;
  return rangeOf(doc, { start: line.start + indent, end: line.start + line.text.length });
}

async function infoCompletion(doc: TextDocument, parsed: MarkpactDocument, block: MarkpactBlock | undefined, info: InfoCursor, line: LineText): Promise<CompletionItem[]> {
  const { previous, typed, span } = info;
  // Whole-block snippets replace the rest of the line, so only where nothing follows the word being typed.
  const toLineEnd = info.rest.trim() === '' ? rangeOf(doc, { start: span.start, end: line.start + line.text.length }) : undefined;
  const place = () => ({ parsed, current: block, fence: info.fence, prefix: info.prefix, closed: closedBelow(doc.getText(), nextLineStart(doc, line), info.fence) });
  if (typed.startsWith(MARKER)) {
    const afterMarker = { start: span.start + MARKER.length, end: span.end };
    if (!toLineEnd) return kindItems(doc, parsed, block, afterMarker, '');
    return kindSnippetItems(place(), { start: doc.positionAt(afterMarker.start), end: toLineEnd.end }, previous[0] ?? '', '');
  }
  if (previous.length === 0) return [...(toLineEnd ? wholeBlockItems(place(), toLineEnd, '') : []), ...languageItems(doc, span)];
  const marker = previous.find((w) => w.startsWith(MARKER));
  if (!marker) return toLineEnd && previous.length === 1 ? kindSnippetItems(place(), toLineEnd, previous[0], MARKER) : kindItems(doc, parsed, block, span, MARKER);
  const kind = marker.slice(MARKER.length);
  if (kind === 'file' && typed.startsWith('path=')) {
    return pathItems(doc, parsed, block, { start: span.start + 'path='.length, end: span.end });
  }
  const written = new Set([...previous, ...line.text.slice(span.end - line.start).split(/\s+/)].map((w) => w.replace(/=.*$/, '=')));
  const groups = new Set((META_WORDS[kind] ?? []).filter((m) => m.group && written.has(m.word)).map((m) => m.group));
  return (META_WORDS[kind] ?? [])
    .filter((m) => !written.has(m.word) && !(m.group && groups.has(m.group)))
    .map((m) => {
      // sha256= comes with the hash markpact sync --hash would write for this block's body.
      const insert = m.word === 'sha256=' && block ? `sha256=${markpactContentHash(block.body)}` : m.insert ?? m.word;
      return {
        label: insert,
        filterText: m.word,
        kind: m.word.endsWith('=') ? CompletionItemKind.Property : CompletionItemKind.Keyword,
        documentation: { kind: MarkupKind.Markdown, value: m.doc },
        textEdit: { range: rangeOf(doc, span), newText: insert },
        // After `path=` the file suggestions should open by themselves.
        ...(insert.endsWith('=') ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
      };
    });
}

/** The kind word alone, where more of the header follows it. */
function kindItems(doc: TextDocument, parsed: MarkpactDocument, block: MarkpactBlock | undefined, span: Span, prefix: string): CompletionItem[] {
  return [...KINDS.values()].filter((info) => kindOffered(info.kind, parsed, block)).map((info, index) => ({
    label: `${prefix}${info.kind}`,
    kind: CompletionItemKind.Keyword,
    detail: 'markpact block kind',
    documentation: { kind: MarkupKind.Markdown, value: info.doc },
    sortText: String(index).padStart(2, '0'),
    textEdit: { range: rangeOf(doc, span), newText: `${prefix}${info.kind}` },
  }));
}

function languageItems(doc: TextDocument, span: Span): CompletionItem[] {
  return FENCE_LANGUAGES.map(({ lang, note }, index) => ({
    label: lang,
    kind: CompletionItemKind.Value,
    detail: 'fence language',
    documentation: { kind: MarkupKind.Markdown, value: note },
    // After the whole blocks, which sort first.
    sortText: `1${String(index).padStart(2, '0')}`,
    textEdit: { range: rangeOf(doc, span), newText: lang },
  }));
}

/** Paths other file blocks of this README write, then files that exist beside the README. */
async function pathItems(doc: TextDocument, parsed: MarkpactDocument, current: MarkpactBlock | undefined, span: Span): Promise<CompletionItem[]> {
  const range = rangeOf(doc, span);
  const items = new Map<string, CompletionItem>();
  for (const other of ownBlocks(parsed)) {
    const path = other !== current && other.kind === 'file' ? attribute(other, 'path')?.value : undefined;
    if (!path || items.has(path)) continue;
    items.set(path, { label: path, kind: CompletionItemKind.File, detail: 'written by another file block', sortText: `0${path}`, textEdit: { range, newText: path } });
  }
  const readme = uriToPath(doc.uri);
  if (readme) {
    const folder = dirname(readme);
    for (const path of await filesUnder(folder)) {
      if (items.has(path) || join(folder, path) === readme) continue;
      items.set(path, { label: path, kind: CompletionItemKind.File, detail: 'exists beside the README', sortText: `1${path}`, textEdit: { range, newText: path } });
    }
  }
  return [...items.values()];
}

/** Names from the dependency cache's own index (offline), for the word at the start of a deps line. */
async function packageCompletion(service: LanguageService, doc: TextDocument, block: MarkpactBlock, line: LineText, position: Position): Promise<CompletionList | null> {
  const before = line.text.slice(0, position.character);
  const typed = /^\s*([A-Za-z0-9@/._-]*)$/.exec(before)?.[1];
  if (typed === undefined) return null;
  const ecosystem = depsEcosystem(block);
  const listed = new Set<string>();
  for (const other of block.lines) {
    const req = parseRequirement(other.text, ecosystem);
    if (req.kind === 'package') listed.add(req.normalizedName);
  }
  const after = /^[A-Za-z0-9@/._-]*/.exec(line.text.slice(position.character))?.[0] ?? '';
  const start = line.start + position.character - typed.length;
  const range = rangeOf(doc, { start, end: line.start + position.character + after.length });
  const names = await cachedPackageNames(service.cacheDirectory, ecosystem);
  const items: CompletionItem[] = names
    .filter((name) => !listed.has(ecosystem === 'python' ? normalizePythonName(name) : name.toLowerCase()))
    .map((name) => ({ label: name, kind: CompletionItemKind.Module, detail: `in the ${ecosystem} dependency cache`, textEdit: { range, newText: name } }));
  return items.length > 0 ? { isIncomplete: false, items } : null;
}

function nextLineStart(doc: TextDocument, line: LineText): number {
  const { line: number } = doc.positionAt(line.start);
  return number + 1 < doc.lineCount ? doc.offsetAt({ line: number + 1, character: 0 }) : doc.getText().length;
}
