import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { testKind } from '../../../../core/markpact/httpTest';
import { attribute, type MarkpactBlock } from '../../../../core/markpact/model';
import { depsEcosystem } from '../../../../core/markpact/service';
import type { ServiceConfig } from '../../../../core/pactown/model';
import type { Span } from '../../../../core/text/span';
import { documentKind } from '../documentKind';
import type { LanguageService } from '../languageService';
import { ownBlocks, rangeOf } from './documentText';
import { yamlKeySpan } from './yamlAst';

/**
 * Outline symbols. Markdown: one flat symbol per markpact block and include directive, and none
 * for headings or plain Markdown, which VS Code's own Markdown outline already shows (nesting
 * blocks under our own heading symbols would list every heading twice). Ecosystems: the
 * ecosystem, its services, and each service's port, readme and dependencies.
 */
export function documentSymbols(service: LanguageService, doc: TextDocument): DocumentSymbol[] {
  switch (documentKind(doc.uri, doc.languageId)) {
    case 'markdown':
      return markdownSymbols(service, doc);
    case 'ecosystem':
      return ecosystemSymbols(service, doc);
    default:
      return [];
  }
}

const kindSymbols: Record<string, SymbolKind> = {
  file: SymbolKind.File,
  deps: SymbolKind.Package,
  run: SymbolKind.Function,
  test: SymbolKind.Method,
  build: SymbolKind.Constructor,
  target: SymbolKind.Object,
  publish: SymbolKind.Module,
  bootstrap: SymbolKind.Namespace,
  health: SymbolKind.Event,
  healthcheck: SymbolKind.Event,
};

function symbol(doc: TextDocument, name: string, kind: SymbolKind, span: Span, selection: Span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  // LSP requires the selection to lie inside the range.
  const start = Math.max(span.start, Math.min(selection.start, span.end));
  const end = Math.max(start, Math.min(selection.end, span.end));
  return {
    name: name.trim() || '?',
    kind,
    range: rangeOf(doc, span),
    selectionRange: rangeOf(doc, { start, end }),
    ...(detail ? { detail } : {}),
    ...(children ? { children } : {}),
  };
}

/** `file app/main.py`, `deps (python)`, `test (http)`, `run`, … */
function blockSymbolName(block: MarkpactBlock): string {
  switch (block.kind) {
    case 'file':
      return `file ${attribute(block, 'path')?.value || 'main.py'}`;
    case 'deps':
      return `deps (${depsEcosystem(block)})`;
    case 'test':
      return `test (${testKind(block)})`;
    default:
      return block.kind;
  }
}

function markdownSymbols(service: LanguageService, doc: TextDocument): DocumentSymbol[] {
  const parsed = service.markdown.get(doc);
  const symbols = ownBlocks(parsed).map((block) =>
    symbol(doc, blockSymbolName(block), kindSymbols[block.kind] ?? SymbolKind.Key, block.span, block.markerSpan, block.lang || undefined),
  );
  for (const include of parsed.includes) {
    symbols.push(symbol(doc, `include ${include.path}`, SymbolKind.Namespace, include.span, include.pathSpan));
  }
  return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function ecosystemSymbols(service: LanguageService, doc: TextDocument): DocumentSymbol[] {
  const { config, document } = service.ecosystems.get(doc);
  const whole = { start: 0, end: doc.getText().length };
  const nameSpan = yamlKeySpan(document, ['name']) ?? { start: 0, end: 0 };
  const services = config.services.map((s) => serviceSymbol(doc, s));
  return [symbol(doc, config.name, SymbolKind.Namespace, whole, nameSpan, 'pactown ecosystem', services)];
}

function serviceSymbol(doc: TextDocument, service: ServiceConfig): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  const portDetail = service.portSource === 'auto' ? `${service.port} (auto)` : String(service.port);
  if (service.portSpan) children.push(symbol(doc, 'port', SymbolKind.Number, service.portSpan, service.portSpan, portDetail));
  if (service.readmeSpan) children.push(symbol(doc, 'readme', SymbolKind.File, service.readmeSpan, service.readmeSpan, service.readme));
  if (service.dependsOn.length > 0) {
    const deps = service.dependsOn.map((d) => symbol(doc, d.name, SymbolKind.Key, d.span, d.nameSpan));
    const span = { start: service.dependsOn.reduce((m, d) => Math.min(m, d.span.start), Infinity), end: service.dependsOn.reduce((m, d) => Math.max(m, d.span.end), -Infinity) };
    children.push(symbol(doc, 'depends_on', SymbolKind.Array, span, span, service.dependsOn.map((d) => d.name).join(', '), deps));
  }
  return symbol(doc, service.name, SymbolKind.Module, service.span, service.nameSpan, `port ${portDetail}`, children);
}
