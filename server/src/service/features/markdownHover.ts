import { dirname, resolve } from 'node:path';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SCOPE_DOC, SHA256_DOC, TEMPLATE_DOC } from '../../../../core/markpact/attributeDocs';
import { KINDS, nearestKind } from '../../../../core/markpact/kinds';
import { attribute, type Attribute, type MarkpactBlock, type MarkpactDocument, type Token } from '../../../../core/markpact/model';
import { checkSandboxPath } from '../../../../core/markpact/sandboxPath';
import { depsEcosystem } from '../../../../core/markpact/service';
import type { Span } from '../../../../core/text/span';
import type { LanguageService } from '../languageService';
import { uriToPath } from '../paths';
import { depsHover } from './depsHover';
import { blockAt, code, inSpan, ownBlocks, rangeOf } from './documentText';
import { FENCE_LANGUAGES } from './fenceLanguages';
import { fileExists } from './offlineSources';

const MARKER_DOC =
  '**markpact block** — a fenced code block whose info string holds `markpact:<kind>` is part of a runnable service: ' +
  'the markpact CLI and pactown read it (files to write, deps to install, the command to run, tests).';

/** Hovers on markpact syntax: kinds, the marker, the fence language, attributes, scope words, deps lines and include paths. */
export async function markdownHover(service: LanguageService, doc: TextDocument, position: Position): Promise<Hover | null> {
  const parsed = service.markdown.get(doc);
  const offset = doc.offsetAt(position);
  const path = uriToPath(doc.uri);
  const answer = (value: string, span: Span): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(doc, span) });

  const include = parsed.includes.find((d) => inSpan(d.span, offset));
  if (include) return answer(await includeText(service, path, include.path), include.pathSpan);

  const block = blockAt(parsed, offset);
  if (!block) return null;
  if (offset <= block.infoSpan.end) {
    const found = headerHover(parsed, block, offset);
    return found ? answer(found.text, found.span) : null;
  }
  const line = block.lines.find((l) => offset >= l.span.start && offset <= l.span.end);
  if (block.kind === 'deps' && line && line.text.trim() !== '') return answer(await depsHover(service, path, parsed, block, offset), line.span);
  return null;
}

function headerHover(parsed: MarkpactDocument, block: MarkpactBlock, offset: number): { text: string; span: Span } | undefined {
  if (inSpan(block.kindSpan, offset)) return { text: kindText(block), span: block.kindSpan };
  if (inSpan(block.markerSpan, offset)) {
    const form = block.form === 'legacy' ? 'Legacy form (```` ```markpact:<kind> <meta> ````): the language is read from the first meta word.' : 'Current form: ```` ```<lang> markpact:<kind> <meta> ````.';
    return { text: `${MARKER_DOC}\n\n${form}\n\n---\n\n${kindText(block)}`, span: block.markerSpan };
  }
  if (inSpan(block.langSpan, offset)) return { text: langText(block), span: block.langSpan };
  const attr = block.attributes.find((a) => inSpan(a.span, offset));
  if (attr) return { text: attributeText(parsed, block, attr), span: attr.span };
  const word = block.words.find((w) => inSpan(w.span, offset));
  if (word) return { text: wordText(block, word), span: word.span };
  return undefined;
}

function kindText(block: MarkpactBlock): string {
  const info = KINDS.get(block.kind);
  if (info) return `**markpact:${block.kind}** — ${info.doc}`;
  const nearest = nearestKind(block.kind);
  return `**markpact:${block.kind}** — not a kind any tool reads, so this block is ignored.${nearest ? ` Did you mean ${code(nearest)}?` : ''}`;
}

function langText(block: MarkpactBlock): string {
  const note = FENCE_LANGUAGES.find((l) => l.lang === block.lang.toLowerCase())?.note;
  const head = `Fence language ${code(block.lang)}${note ? ` — ${note}` : ''}.`;
  if (block.kind === 'deps') return `${head}\n\nThis deps block lists **${depsEcosystem(block)}** packages (${depsEcosystem(block) === 'node' ? 'npm' : 'pip'}).`;
  if (block.kind === 'run' || block.kind === 'build') return `${head}\n\nInformational only: the command runs with \`/bin/sh -c\` whatever the language says.`;
  return head;
}

/** Attributes markpact 0.1.42 reads (or ignores knowingly), by kind. */
const ATTRIBUTE_DOCS: Record<string, Record<string, string>> = {
  file: { template: TEMPLATE_DOC, sha256: SHA256_DOC },
  deps: { scope: SCOPE_DOC },
};

function attributeText(parsed: MarkpactDocument, block: MarkpactBlock, attr: Attribute): string {
  const documented = ATTRIBUTE_DOCS[block.kind]?.[attr.key];
  if (documented) return `**${attr.key}** = ${code(attr.value)} — ${documented}`;
  if (attr.key !== 'path' || block.kind !== 'file') return `Attribute ${code(attr.key)} = ${code(attr.value)} (no tool reads it for a ${code(block.kind)} block).`;
  if (attribute(block, 'path') !== attr) return `A second ${code('path=')}: ignored, the first one wins (${code(attribute(block, 'path')?.value ?? '')}).`;
  const checked = checkSandboxPath(attr.value);
  if (!checked.safe) {
    return `**path** ${code(attr.value)} — ${checked.reason}.${checked.confined ? `\n\nInside the sandbox it would be ${code(checked.confined)}.` : ''}`;
  }
  const others = ownBlocks(parsed).filter((b) => b !== block && b.kind === 'file' && samePath(b, checked.path)).length;
  const overwrite = others > 0 ? `\n\n${others} other file block${others === 1 ? '' : 's'} write${others === 1 ? 's' : ''} the same path: the last one wins.` : '';
  return `**path** — written to ${code(`<sandbox>/${checked.path}`)}${checked.path !== attr.value ? ` (normalised from ${code(attr.value)})` : ''}.${overwrite}`;
}

function samePath(block: MarkpactBlock, path: string): boolean {
  const checked = checkSandboxPath(attribute(block, 'path')?.value || 'main.py');
  return checked.safe && checked.path === path;
}

const WORD_DOCS: Record<string, Record<string, string>> = {
  deps: {
    python: 'Scope word: the markpact CLI installs this block (it only reads deps whose meta contains `python`). pactown ignores it and reads the fence language.',
    node: 'Scope word for npm packages. pactown reads the fence language in the current form; the markpact CLI does not install Node deps.',
  },
  test: {
    http: 'HTTP tests: one `METHOD /path [BODY {json}] [EXPECT status]` per line.',
    shell: 'Shell tests: one command per line, passing on exit status 0.',
    bash: 'Shell tests (like `shell`): one command per line, passing on exit status 0.',
  },
};

function wordText(block: MarkpactBlock, word: Token): string {
  const known = WORD_DOCS[block.kind]?.[word.text];
  if (known) return `${code(word.text)} — ${known}`;
  if (block.form === 'legacy' && word === block.words[0]) return `${code(word.text)} — in the legacy form the first meta word plays the role of the fence language.`;
  return `Meta word ${code(word.text)}.`;
}

async function includeText(service: LanguageService, path: string | undefined, target: string): Promise<string> {
  const head = `**markpact:include** — the blocks of ${code(target)} are appended after this README's own blocks (upstream markpact, at most 5 levels deep).`;
  if (!path) return head;
  const resolved = resolve(dirname(path), target);
  const exists = await fileExists(service, resolved);
  return `${head}\n\n${code(resolved)} — ${exists ? 'exists' : '**not found**: markpact skips it silently'}.`;
}
