import { CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../languageService';
import type { MarkpactBlock } from '../../../../core/markpact/model';
import { documentKind } from '../documentKind';
import { hashFixes, scopeFixes } from './attributeFixes';
import { blockAt } from './documentText';
import { entryFileFor } from './fenceLanguages';
import { fixAction } from './fixAction';
import { moveDepsLine, multipleRunFixes, noRunFixes, requirementFixes } from './readmeFixes';
import { serviceRenameEdits } from './serviceReferences';
import { lineUnderKey } from './yamlEdits';
import { ecosystemPortFix, readmePortFix, reloadFix } from './portFixes';

type Data = Record<string, unknown>;

/** Quick fixes for our own diagnostics in the request's context (their `code` and `data` say what to do). */
export async function codeActions(service: LanguageService, doc: TextDocument, _range: Range, context: CodeActionContext): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  for (const diagnostic of context.diagnostics) {
    if (diagnostic.source !== 'markpact' && diagnostic.source !== 'pactown') continue;
    if (context.only && !context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) continue;
    actions.push(...(await quickFixes(service, doc, diagnostic)));
  }
  return actions;
}

async function quickFixes(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const data: Data = diagnostic.data && typeof diagnostic.data === 'object' ? (diagnostic.data as Data) : {};
  const inReadme = documentKind(doc.uri, doc.languageId) === 'markdown';
  switch (String(diagnostic.code)) {
    case 'no-run':
      return inReadme ? noRunFixes(service, doc, diagnostic, data) : [];
    case 'multiple-run':
      return inReadme ? multipleRunFixes(service, doc, diagnostic) : [];
    case 'invalid-requirement':
      return inReadme ? requirementFixes(service, doc, diagnostic, data) : [];
    case 'sha256-mismatch':
      return inReadme ? hashFixes(service, doc, diagnostic, data) : [];
    case 'dev-scope-installed':
      return inReadme ? scopeFixes(service, doc, diagnostic) : [];
    case 'deps-ecosystem-mismatch': {
      // On a TypeScript deps block the fence language is wrong; on a line, the line is in the wrong block.
      if (text(data.replacement)) break;
      const move = inReadme ? moveDepsLine(service, doc, diagnostic, data) : undefined;
      return move ? [move] : [];
    }
  }
  const fix = quickFix(service, doc, diagnostic, data);
  return fix ? [fix] : [];
}

function quickFix(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic, data: Data): CodeAction | undefined {
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
    case 'derived-service-name':
      return renameService(service, doc, diagnostic, text(data.suggestion));
    case 'port-conflict':
      return typeof data.port === 'number' ? movePort(service, doc, diagnostic, data.port) : undefined;
    case 'deps-ecosystem-mismatch':
      return replaceRange(doc, diagnostic, text(data.replacement), (r) => `Change the fence language to '${r}'`);
    case 'shell-test-without-meta':
    case 'template-not-filled':
      return insertText(doc, diagnostic, data);
    case 'hard-coded-port':
      return diagnostic.source === 'pactown' ? ecosystemPortFix(doc, service.ecosystems.get(doc).config, diagnostic, data) : readmePortFix(doc, diagnostic, data);
    case 'uvicorn-reload':
      return reloadFix(doc, diagnostic, data);
    default:
      return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Replaces the diagnostic's own range (a misspelt word, an info string, a path value) with the fixed text. */
function replaceRange(doc: TextDocument, diagnostic: Diagnostic, suggestion: string | undefined, title: (s: string) => string): CodeAction | undefined {
  if (!suggestion) return undefined;
  return fixAction(title(suggestion), doc, diagnostic, [{ range: diagnostic.range, newText: suggestion }]);
}

/** ` path=…` where the data says, else at the end of the block's info string; the name follows the fence language. */
function insertPath(doc: TextDocument, diagnostic: Diagnostic, data: Data, block: MarkpactBlock | undefined): CodeAction | undefined {
  const insertAt = typeof data.insertAt === 'number' ? data.insertAt : block?.infoSpan.end;
  if (insertAt === undefined) return undefined;
  const lang = text(data.lang) ?? (block?.form === 'legacy' ? block.words[0]?.text : block?.lang);
  const file = text(data.suggestion) ?? entryFileFor(lang ?? '');
  const at = doc.positionAt(insertAt);
  return fixAction(`Add 'path=${file}'`, doc, diagnostic, [{ range: { start: at, end: at }, newText: ` path=${file}` }]);
}

/** Renames a service key and every `depends_on` entry of this file that names it (what F2 does, without the READMEs). */
function renameService(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic, suggestion: string | undefined): CodeAction | undefined {
  if (!suggestion) return undefined;
  const { config } = service.ecosystems.get(doc);
  const start = doc.offsetAt(diagnostic.range.start);
  const renamed = config.services.find((s) => s.nameSpan.start === start);
  if (!renamed) return undefined;
  return fixAction(`Rename the service to '${suggestion}'`, doc, diagnostic, serviceRenameEdits(doc, config, renamed.name, suggestion));
}

/** Gives the service the free port: replaces an explicit value, or adds `port:` under a service that had an automatic one. */
function movePort(service: LanguageService, doc: TextDocument, diagnostic: Diagnostic, port: number): CodeAction | undefined {
  const { config } = service.ecosystems.get(doc);
  const start = doc.offsetAt(diagnostic.range.start);
  const moved = config.services.find((s) => s.portSpan?.start === start || s.nameSpan.start === start);
  if (!moved) return undefined;
  const title = `Use port ${port}`;
  if (moved.portSource === 'explicit' && moved.portSpan) {
    return fixAction(title, doc, diagnostic, [{ range: { start: doc.positionAt(moved.portSpan.start), end: doc.positionAt(moved.portSpan.end) }, newText: String(port) }]);
  }
  // Only a block-style service (`name:` alone on its line) can take a new line under its key.
  const edit = lineUnderKey(doc, moved.nameSpan, `port: ${port}`);
  return edit ? fixAction(title, doc, diagnostic, [edit]) : undefined;
}

/** Inserts `data.insertText` at `data.insertAt` (e.g. ` shell` after a test block's marker). */
function insertText(doc: TextDocument, diagnostic: Diagnostic, data: Data): CodeAction | undefined {
  const insert = text(data.insertText);
  if (typeof data.insertAt !== 'number' || !insert) return undefined;
  const at = doc.positionAt(data.insertAt);
  return fixAction(`Add '${insert.trim()}'`, doc, diagnostic, [{ range: { start: at, end: at }, newText: insert }]);
}

/** One edit replacing the whole text, so the document is converted in a single undo step. */
