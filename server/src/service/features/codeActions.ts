import { CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../languageService';
import type { MarkpactBlock } from '../../../../core/markpact/model';
import { documentKind } from '../documentKind';
import { blockAt, lineAt } from './documentText';

type Data = Record<string, unknown>;

/** Quick fixes for our own diagnostics in the request's context (their `code` and `data` say what to do). */
export function codeActions(service: LanguageService, doc: TextDocument, _range: Range, context: CodeActionContext): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of context.diagnostics) {
    if (diagnostic.source !== 'markpact' && diagnostic.source !== 'pactown') continue;
    if (context.only && !context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) continue;
    const fix = quickFix(service, doc, diagnostic);
    if (fix) actions.push(fix);
  }
  return actions;
}

function quickFix(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic): CodeAction | undefined {
  const data: Data = diagnostic.data && typeof diagnostic.data === 'object' ? (diagnostic.data as Data) : {};
  // The markpact block the diagnostic is on: its fence language names the file a missing path= gets.
  const block = () => (documentKind(doc.uri, doc.languageId) === 'markdown' ? blockAt(service.markdown.get(doc), doc.offsetAt(diagnostic.range.start)) : undefined);
  switch (String(diagnostic.code)) {
    case 'unknown-kind':
      return replaceRange(doc, diagnostic, text(data.suggestion), (s) => `Change kind to '${s}'`);
    case 'legacy-header':
      // The diagnostic covers the whole info string.
      return replaceRange(doc, diagnostic, text(data.replacement), (r) => `Use the current header form: '${r}'`);
    case 'unsafe-path':
      return replaceRange(doc, diagnostic, text(data.confined), (p) => `Confine the path to the sandbox: '${p}'`);
    case 'missing-path':
      return insertPath(doc, diagnostic, data, block());
    case 'unknown-field':
    case 'unknown-service':
    case 'invalid-target':
      return replaceRange(doc, diagnostic, text(data.suggestion), (s) => `Change to '${s}'`);
    case 'invalid-value':
      return replaceRange(doc, diagnostic, text(data.suggestion), (s) => `Change to ${s}`);
    case 'invalid-service-name':
      return renameService(service, doc, diagnostic, text(data.suggestion));
    case 'port-conflict':
      return typeof data.port === 'number' ? movePort(service, doc, diagnostic, data.port) : undefined;
    case 'deps-ecosystem-mismatch':
      return replaceRange(doc, diagnostic, text(data.replacement), (r) => `Change the fence language to '${r}'`);
    case 'shell-test-without-meta':
      return insertText(doc, diagnostic, data);
    case 'crlf-line-endings':
      return crlfFix(doc, diagnostic);
    default:
      return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Each diagnostic gets one fix, so it is the preferred one (applied by "Fix all" and auto-fix). */
function action(title: string, doc: TextDocument, diagnostic: Diagnostic, edits: TextEdit[]): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [doc.uri]: edits } } };
}

/** Replaces the diagnostic's own range (a misspelt word, an info string, a path value) with the fixed text. */
function replaceRange(doc: TextDocument, diagnostic: Diagnostic, suggestion: string | undefined, title: (s: string) => string): CodeAction | undefined {
  if (!suggestion) return undefined;
  return action(title(suggestion), doc, diagnostic, [{ range: diagnostic.range, newText: suggestion }]);
}

/** Fence languages whose usual entry file is obvious; anything else gets `main.py` (what pactown writes). */
const entryFiles: Record<string, string> = {
  python: 'main.py', py: 'main.py', javascript: 'index.js', js: 'index.js', node: 'index.js', typescript: 'index.ts', ts: 'index.ts',
  html: 'index.html', css: 'style.css', json: 'data.json', yaml: 'config.yaml', yml: 'config.yaml', toml: 'config.toml',
  go: 'main.go', rust: 'src/main.rs', php: 'index.php', bash: 'run.sh', sh: 'run.sh', shell: 'run.sh', dockerfile: 'Dockerfile',
  markdown: 'README.md', md: 'README.md', text: 'notes.txt', txt: 'notes.txt',
};

/** ` path=…` where the data says, else at the end of the block's info string; the name follows the fence language. */
function insertPath(doc: TextDocument, diagnostic: Diagnostic, data: Data, block: MarkpactBlock | undefined): CodeAction | undefined {
  const insertAt = typeof data.insertAt === 'number' ? data.insertAt : block?.infoSpan.end;
  if (insertAt === undefined) return undefined;
  const lang = text(data.lang) ?? (block?.form === 'legacy' ? block.words[0]?.text : block?.lang);
  const file = text(data.suggestion) ?? entryFiles[(lang ?? '').toLowerCase()] ?? 'main.py';
  const at = doc.positionAt(insertAt);
  return action(`Add 'path=${file}'`, doc, diagnostic, [{ range: { start: at, end: at }, newText: ` path=${file}` }]);
}

/** Renames a service key and every `depends_on` entry of this file that names it. */
function renameService(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic, suggestion: string | undefined): CodeAction | undefined {
  if (!suggestion) return undefined;
  const { config } = service.ecosystems.get(doc);
  const start = doc.offsetAt(diagnostic.range.start);
  const renamed = config.services.find((s) => s.nameSpan.start === start);
  if (!renamed) return undefined;
  const spans = [renamed.nameSpan, ...config.services.flatMap((s) => s.dependsOn.filter((d) => d.name === renamed.name).map((d) => d.nameSpan))];
  const edits = spans.map((span) => ({ range: { start: doc.positionAt(span.start), end: doc.positionAt(span.end) }, newText: suggestion }));
  return action(`Rename the service to '${suggestion}'`, doc, diagnostic, edits);
}

/** Gives the service the free port: replaces an explicit value, or adds `port:` under a service that had an automatic one. */
function movePort(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic, port: number): CodeAction | undefined {
  const { config } = service.ecosystems.get(doc);
  const start = doc.offsetAt(diagnostic.range.start);
  const moved = config.services.find((s) => s.portSpan?.start === start || s.nameSpan.start === start);
  if (!moved) return undefined;
  const title = `Use port ${port}`;
  if (moved.portSource === 'explicit' && moved.portSpan) {
    return action(title, doc, diagnostic, [{ range: { start: doc.positionAt(moved.portSpan.start), end: doc.positionAt(moved.portSpan.end) }, newText: String(port) }]);
  }
  // Only a block-style service (`name:` alone on its line) can take a new line under its key.
  const keyLine = lineAt(doc, doc.positionAt(moved.nameSpan.start));
  const afterKey = keyLine.text.slice(moved.nameSpan.end - keyLine.start);
  if (!/^["']?\s*:\s*(#.*)?$/.test(afterKey)) return undefined;
  const keyColumn = moved.nameSpan.start - keyLine.start - (/["']$/.test(keyLine.text.slice(0, moved.nameSpan.start - keyLine.start)) ? 1 : 0);
  const next = doc.lineCount > doc.positionAt(moved.nameSpan.start).line + 1 ? lineAt(doc, { line: doc.positionAt(moved.nameSpan.start).line + 1, character: 0 }).text : '';
  const nextIndent = next.search(/\S/);
  const indent = nextIndent > keyColumn ? nextIndent : keyColumn + 2;
  const end = doc.positionAt(keyLine.start + keyLine.text.length);
  return action(title, doc, diagnostic, [{ range: { start: end, end }, newText: `\n${' '.repeat(indent)}port: ${port}` }]);
}

/** Inserts `data.insertText` at `data.insertAt` (e.g. ` shell` after a test block's marker). */
function insertText(doc: TextDocument, diagnostic: Diagnostic, data: Data): CodeAction | undefined {
  const insert = text(data.insertText);
  if (typeof data.insertAt !== 'number' || !insert) return undefined;
  const at = doc.positionAt(data.insertAt);
  return action(`Add '${insert.trim()}'`, doc, diagnostic, [{ range: { start: at, end: at }, newText: insert }]);
}

/** One edit replacing the whole text, so the document is converted in a single undo step. */
function crlfFix(doc: TextDocument, diagnostic: Diagnostic): CodeAction {
  const all = doc.getText();
  const range = { start: doc.positionAt(0), end: doc.positionAt(all.length) };
  return action('Convert line endings to LF', doc, diagnostic, [{ range, newText: all.replace(/\r\n?/g, '\n') }]);
}
