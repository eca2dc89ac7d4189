import { dirname } from 'node:path';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EcosystemConfig } from '../../../../core/pactown/model';
import { nextFreePort } from '../../../../core/pactown/nextPort';
import { serviceNameProblem } from '../../../../core/pactown/serviceName';
import { fieldDoc, fieldsOf, scopeOf, type FieldInfo } from '../../../../core/pactown/schema';
import type { LanguageService } from '../languageService';
import { uriToPath } from '../paths';
import { rangeOf } from './documentText';
import { markdownFilesUnder } from './offlineSources';
import { ITEM, yamlCursorAt, type YamlCursor } from './yamlCursor';

/** Completions in an ecosystem file: keys at every level, service names in `depends_on`, README paths in `readme:`. */
export async function yamlCompletion(service: LanguageService, doc: TextDocument, position: Position): Promise<CompletionList | null> {
  const cursor = yamlCursorAt(doc, position);
  if (!cursor) return null;
  const items = await itemsAt(service, doc, cursor);
  return items.length > 0 ? { isIncomplete: false, items } : null;
}

async function itemsAt(service: LanguageService, doc: TextDocument, cursor: YamlCursor): Promise<CompletionItem[]> {
  const { path } = cursor;
  if (cursor.position === 'key') {
    if (path.length === 1 && path[0] === 'services') return [newServiceItem(doc, cursor, service.ecosystems.get(doc).config)];
    const scope = scopeOf(path);
    return scope ? fieldsOf(scope).filter((f) => !cursor.siblings.has(f.name)).map((f) => keyItem(doc, cursor, f)) : [];
  }
  const { config } = service.ecosystems.get(doc);
  const self = path[0] === 'services' ? path[1] : undefined;
  if (cursor.position === 'item') {
    const inDependsOn = path.length === 4 && path[0] === 'services' && path[2] === 'depends_on' && path[3] === ITEM;
    return inDependsOn ? serviceNameItems(doc, cursor, config, self) : [];
  }
  const scope = scopeOf(path);
  if (scope === 'dependency' && cursor.key === 'name') return serviceNameItems(doc, cursor, config, self);
  if (scope === 'service' && cursor.key === 'readme') return readmeItems(doc, cursor, self);
  const field = scope && cursor.key ? fieldsOf(scope).find((f) => f.name === cursor.key) : undefined;
  return (field?.values ?? []).map((value) => valueItem(doc, cursor, value, CompletionItemKind.EnumMember));
}

/** A key with its colon; mappings and lists open on the next line, indented. */
function keyItem(doc: TextDocument, cursor: YamlCursor, field: FieldInfo): CompletionItem {
  const indent = ' '.repeat(doc.positionAt(cursor.replace.start).character);
  let insertText = `${field.name}: `;
  if (cursor.colonFollows) insertText = field.name;
  else if (field.type === 'mapping') insertText = `${field.name}:\n${indent}  $0`;
  else if (field.type === 'list') insertText = `${field.name}:\n${indent}  - $0`;
  return {
    label: field.name,
    kind: CompletionItemKind.Property,
    detail: field.type,
    documentation: { kind: MarkupKind.Markdown, value: fieldDoc(field) },
    insertTextFormat: InsertTextFormat.Snippet,
    // The indentation is already in the text; VS Code would otherwise add the line's own again.
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: rangeOf(doc, cursor.replace), newText: insertText },
    ...(insertText.endsWith(': ') ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
  };
}

/**
 * A whole service entry under `services:`, as a snippet: the name typed so far (or `service`),
 * its README at pactown's default place, the next free port (one above every port the
 * ecosystem's services use, never below base_port) and `/health`.
 */
function newServiceItem(doc: TextDocument, cursor: YamlCursor, config: EcosystemConfig): CompletionItem {
  const field = ' '.repeat(doc.positionAt(cursor.replace.start).character + 2);
  // The word being typed may already read as a service (with an automatic port): not counted.
  const others = config.services.filter((s) => s.nameSpan.start !== cursor.replace.start);
  const names = new Set(others.map((s) => s.name));
  let name = serviceNameProblem(cursor.prefix) === undefined && !names.has(cursor.prefix) ? cursor.prefix : 'service';
  for (let n = 2; names.has(name); n++) name = `service-${n}`;
  const port = nextFreePort({ basePort: config.basePort, services: others });
  return {
    label: 'new service',
    kind: CompletionItemKind.Snippet,
    detail: `port ${port}, /health`,
    documentation: { kind: MarkupKind.Markdown, value: `A service entry with its README at \`<name>/README.md\`, port ${port} (the next free one: above every port this ecosystem's services use) and a \`/health\` check.` },
    // Offered whatever name is being typed: the name becomes the entry's.
    filterText: cursor.prefix,
    sortText: '0',
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    textEdit: {
      range: rangeOf(doc, cursor.replace),
      newText: `\${1:${name}}:\n${field}readme: \${1}/README.md\n${field}port: \${2:${port}}\n${field}health_check: \${3:/health}$0`,
    },
  };
}

function valueItem(doc: TextDocument, cursor: YamlCursor, value: string, kind: CompletionItemKind, detail?: string): CompletionItem {
  return {
    label: value,
    kind,
    ...(detail ? { detail } : {}),
    filterText: cursor.needsSpace ? ` ${value}` : value,
    textEdit: { range: rangeOf(doc, cursor.replace), newText: cursor.needsSpace ? ` ${value}` : value },
  };
}

/** The ecosystem's other services, minus the ones this service already depends on. */
function serviceNameItems(doc: TextDocument, cursor: YamlCursor, config: EcosystemConfig, self: string | undefined): CompletionItem[] {
  const listed = new Set(config.services.find((s) => s.name === self)?.dependsOn.map((d) => d.name) ?? []);
  return config.services
    .filter((s) => s.name !== self && (!listed.has(s.name) || s.name === cursor.prefix))
    .map((s) => valueItem(doc, cursor, s.name, CompletionItemKind.Module, `port ${s.port}${s.portSource === 'auto' ? ' (auto)' : ''} · ${s.readme}`));
}

/** Markdown files under the ecosystem file's folder, as paths relative to it. */
async function readmeItems(doc: TextDocument, cursor: YamlCursor, self: string | undefined): Promise<CompletionItem[]> {
  const path = uriToPath(doc.uri);
  if (!path) return [];
  const files = await markdownFilesUnder(dirname(path));
  // The service's own folder first: `<name>/README.md` is pactown's default.
  return files.map((file) => ({ ...valueItem(doc, cursor, file, CompletionItemKind.File), sortText: `${self && file.startsWith(`${self}/`) ? 0 : 1}${file}` }));
}
