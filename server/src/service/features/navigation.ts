import { dirname, resolve } from 'node:path';
import type { Definition, DocumentLink, Location, Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findService } from '../../../../core/pactown/model';
import type { Span } from '../../../../core/text/span';
import { documentKind } from '../documentKind';
import { readmePathOf } from '../ecosystemIndex';
import type { LanguageService } from '../languageService';
import { uriToPath } from '../paths';
import { inSpan, rangeOf } from './documentText';
import { fileExists } from './offlineSources';
import { readmeVariableRefs, serviceNameAt, yamlReferences } from './serviceReferences';
import { unquoted } from './yamlEdits';

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

/**
 * Find references on a service name of an ecosystem file (its key or a depends_on entry): the key
 * (when asked for the declaration), every depends_on entry naming it, and the READMEs' reads of its
 * <NAME>_URL/_HOST/_PORT — the places a rename changes.
 */
export async function references(service: LanguageService, doc: TextDocument, position: Position, includeDeclaration: boolean): Promise<Location[]> {
  if (documentKind(doc.uri, doc.languageId) !== 'ecosystem') return [];
  const { config } = service.ecosystems.get(doc);
  const at = serviceNameAt(config, doc.offsetAt(position));
  if (!at?.service) return [];
  const locations = yamlReferences(config, at.name)
    .filter((ref) => includeDeclaration || ref.nameSpan !== at.service!.nameSpan)
    .map((ref) => ({ uri: doc.uri, range: rangeOf(doc, unquoted(doc, ref.nameSpan)) }));
  const path = uriToPath(doc.uri);
  if (!path) return locations;
  const { readmes } = await readmeVariableRefs(service, path, config, at.name);
  for (const readme of readmes) {
    for (const { span } of readme.spans) locations.push({ uri: readme.document.uri, range: rangeOf(readme.document, span) });
  }
  return locations;
}
