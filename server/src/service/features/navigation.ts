import { dirname, resolve } from 'node:path';
import type { Definition, DocumentLink, Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findService } from '../../../../core/pactown/model';
import type { Span } from '../../../../core/text/span';
import { documentKind } from '../documentKind';
import { readmePathOf } from '../ecosystemIndex';
import type { LanguageService } from '../languageService';
import { uriToPath } from '../paths';
import { inSpan, rangeOf } from './documentText';
import { fileExists } from './offlineSources';

const fileStart = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A place another file or span points at: `readme:` and include paths lead to files, `depends_on` names to services. */
interface Target {
  /** Where the reference is written in this document. */
  span: Span;
  /** A file to open, or a span of this document. */
  path?: string;
  local?: Span;
}

function targets(service: LanguageService, doc: TextDocument): Target[] {
  const path = uriToPath(doc.uri);
  const kind = documentKind(doc.uri, doc.languageId);
  if (kind === 'markdown') {
    // path= attributes lead nowhere: sandbox files exist only once the service is built.
    if (!path) return [];
    return service.markdown.get(doc).includes.map((d) => ({ span: d.pathSpan, path: resolve(dirname(path), d.path) }));
  }
  if (kind !== 'ecosystem') return [];
  const { config } = service.ecosystems.get(doc);
  const found: Target[] = [];
  for (const s of config.services) {
    if (s.readmeSpan && path) found.push({ span: s.readmeSpan, path: readmePathOf(path, s) });
    for (const dep of s.dependsOn) {
      const other = findService(config, dep.name);
      if (other) found.push({ span: dep.nameSpan, local: other.nameSpan });
    }
  }
  return found;
}

/** Go to definition: the README of `readme:`, the file of an include directive, the service a `depends_on` entry names. */
export async function definition(service: LanguageService, doc: TextDocument, position: Position): Promise<Definition | null> {
  const offset = doc.offsetAt(position);
  const target = targets(service, doc).find((t) => inSpan(t.span, offset));
  if (!target) return null;
  if (target.local) return { uri: doc.uri, range: rangeOf(doc, target.local) };
  if (target.path && (await fileExists(service, target.path))) return { uri: service.uriOf(target.path), range: fileStart };
  return null;
}

/** Clickable `readme:` values and include paths, for targets that exist. */
export async function documentLinks(service: LanguageService, doc: TextDocument): Promise<DocumentLink[]> {
  const links: DocumentLink[] = [];
  for (const target of targets(service, doc)) {
    if (!target.path || !(await fileExists(service, target.path))) continue;
    links.push({ range: rangeOf(doc, target.span), target: service.uriOf(target.path), tooltip: target.path });
  }
  return links;
}
