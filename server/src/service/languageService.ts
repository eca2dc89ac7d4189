import type { CodeAction, CodeActionContext, CompletionList, Definition, Diagnostic, DocumentLink, DocumentSymbol, Hover, Location, Position, Range, WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Problem } from '../../../core/diagnostics/problem';
import { exportHints } from '../../../core/diagnostics/exportHints';
import { ownProblems, validateEcosystemAndReadmes } from '../../../core/diagnostics/validateEcosystem';
import { validateReadme } from '../../../core/diagnostics/validateReadme';
import { limitParsing, parseMarkpact } from '../../../core/markpact/parse';
import { parseEcosystem } from '../../../core/pactown/parse';
import { defaultCacheDir } from '../../../core/cache/location';
import { documentKind, isEcosystemPath } from './documentKind';
import { EcosystemIndex } from './ecosystemIndex';
import { findFiles, WorkspaceFiles } from './files';
import { pathToUri, uriToPath } from './paths';
import { toDiagnostic } from './toDiagnostic';
import { VersionedCache } from './versionedCache';
import { limits, tooLarge, truncatedMessage } from './limits';
import type { ServerSettings } from './settings';
import { TrackingReader } from './trackingReader';
import { completion } from './features/completion';
import { hover } from './features/hover';
import { definition, documentLinks, references } from './features/navigation';
import { prepareRename, rename } from './features/rename';
import { documentSymbols } from './features/symbols';
import { codeActions } from './features/codeActions';

export interface LanguageServiceHost {
  openDocument(uri: string): TextDocument | undefined;
  openDocuments(): TextDocument[];
  settings(): ServerSettings;
  log(message: string): void;
}

/**
 * The language features as plain methods of (document, position): no connection inside.
 * Parses each document once per version and shares the result between features.
 */
export class LanguageService {
  readonly markdown = new VersionedCache((text) => parseMarkpact(tooLarge('markdown', text) ? '' : text));
  readonly ecosystems = new VersionedCache((text) => parseEcosystem(tooLarge('ecosystem', text) ? '' : text));
  readonly index = new EcosystemIndex();
  readonly files: WorkspaceFiles;
  /** Per open document: the other files its last validation read (README → includes, YAML → READMEs). */
  private readonly dependencies = new Map<string, Set<string>>();

  constructor(readonly host: LanguageServiceHost) {
    this.files = new WorkspaceFiles((path) => this.openDocumentAt(path)?.getText());
    limitParsing(limits.markpactCharacters);
  }

  get cacheDirectory(): string {
    return this.host.settings().cacheDirectory ?? defaultCacheDir();
  }

  openDocumentAt(path: string): TextDocument | undefined {
    return this.host.openDocuments().find((doc) => uriToPath(doc.uri) === path);
  }

  /** Finds and parses every ecosystem file under the workspace folders. */
  async indexWorkspace(roots: string[]): Promise<void> {
    for (const root of roots) {
      for (const path of await findFiles(root, isEcosystemPath)) await this.reindexFromDisk(path);
    }
  }

  /** Keeps the index in step with an edited document; returns the paths whose dependents must re-validate. */
  documentChanged(doc: TextDocument): string[] {
    const path = uriToPath(doc.uri);
    if (!path) return [];
    if (documentKind(doc.uri, doc.languageId) === 'ecosystem') this.index.set(path, this.ecosystems.get(doc));
    return [path];
  }

  async documentClosed(doc: TextDocument): Promise<string[]> {
    this.markdown.forget(doc.uri);
    this.ecosystems.forget(doc.uri);
    this.dependencies.delete(doc.uri);
    const path = uriToPath(doc.uri);
    if (!path) return [];
    // What the others see now is the file on disk again.
    if (isEcosystemPath(path)) await this.reindexFromDisk(path);
    return [path];
  }

  async filesChanged(uris: string[]): Promise<string[]> {
    const paths = [...new Set(uris.map(uriToPath).filter((p): p is string => !!p))];
    for (const path of paths) {
      this.files.forget(path);
      // Files are kept under their real path (a symlink's target is what was read).
      const real = await realpath(path).catch(() => undefined);
      if (real && real !== path) this.files.forget(real);
      if (isEcosystemPath(path) && !this.openDocumentAt(path)) await this.reindexFromDisk(path);
    }
    return paths;
  }

  /** Every file some open document's diagnostics depend on (the ones to watch), at most `max`. */
  watchedPaths(max: number): string[] {
    const all = new Set<string>();
    for (const doc of this.host.openDocuments()) {
      for (const path of this.dependencies.get(doc.uri) ?? []) {
        if (all.size >= max) return [...all];
        all.add(path);
      }
    }
    return [...all];
  }

  /**
   * Open documents whose diagnostics depend on any of these files, or on a file inside one of
   * these folders (a folder created or deleted at once is reported alone, not file by file).
   */
  dependentDocuments(paths: string[]): string[] {
    const changed = new Set(paths);
    const affected = (path: string) => {
      for (let at = path; ; at = dirname(at)) {
        if (changed.has(at)) return true;
        if (dirname(at) === at) return false;
      }
    };
    const uris: string[] = [];
    for (const doc of this.host.openDocuments()) {
      const own = uriToPath(doc.uri);
      const deps = this.dependencies.get(doc.uri);
      if (!deps || (own && changed.has(own) && changed.size === 1)) continue;
      if ([...deps].some(affected)) uris.push(doc.uri);
    }
    return uris;
  }

  /**
   * The document's diagnostics. `early` gets a first part as soon as it is known — an ecosystem's
   * own problems, before the READMEs it runs are read — so the editor shows them without waiting.
   */
  async diagnostics(doc: TextDocument, early?: (diagnostics: Diagnostic[]) => void): Promise<Diagnostic[]> {
    const severity = this.host.settings().severity;
    const convert = (problems: Problem[]) => problems.flatMap((p) => toDiagnostic(p, doc, severity) ?? []);
    const problems = await this.problems(doc, early && ((first) => early(convert(first))));
    return convert(problems);
  }

  async problems(doc: TextDocument, early?: (problems: Problem[]) => void): Promise<Problem[]> {
    const path = uriToPath(doc.uri);
    const reader = new TrackingReader(this.files);
    const kind = documentKind(doc.uri, doc.languageId);
    let problems: Problem[] = [];
    const oversize = kind === 'other' ? undefined : tooLarge(kind, doc.getText());
    if (oversize) return [{ source: kind === 'markdown' ? 'markpact' : 'pactown', code: 'file-too-large', severity: 'info', span: { start: 0, end: 0 }, message: oversize }];
    if (kind === 'markdown') {
      const users = path ? this.index.usersOf(path) : [];
      for (const user of users) reader.touch(user.ecosystemPath);
      const parsed = this.markdown.get(doc);
      problems = await validateReadme(path, parsed, reader, {
        users: users.map((u) => ({ path: u.ecosystemPath, service: u.service.name, span: u.service.nameSpan, port: u.service.port })),
      });
      if (parsed.truncatedAt !== undefined) problems.push({ source: 'markpact', code: 'file-too-large', severity: 'info', span: { start: parsed.truncatedAt, end: parsed.truncatedAt }, message: truncatedMessage() });
    } else if (kind === 'ecosystem') {
      const parsed = this.ecosystems.get(doc);
      const own = ownProblems(path, parsed);
      if (path && parsed.config.services.length > 0) early?.(own);
      const { exportCheck, exportBaseImages } = this.host.settings();
      const checked = await validateEcosystemAndReadmes(path, parsed, reader, own);
      problems = exportCheck ? [...checked.problems, ...exportHints(parsed, checked.readmes, exportBaseImages)] : checked.problems;
    }
    // Kept for open documents only (one entry each): a workspace validation of closed files leaves nothing behind.
    if (this.host.openDocument(doc.uri)) this.dependencies.set(doc.uri, reader.paths);
    return problems;
  }

  completion(doc: TextDocument, position: Position): Promise<CompletionList | null> {
    return completion(this, doc, position);
  }

  hover(doc: TextDocument, position: Position): Promise<Hover | null> {
    return hover(this, doc, position);
  }

  definition(doc: TextDocument, position: Position): Promise<Definition | null> {
    return definition(this, doc, position);
  }

  documentLinks(doc: TextDocument): Promise<DocumentLink[]> {
    return documentLinks(this, doc);
  }

  documentSymbols(doc: TextDocument): DocumentSymbol[] {
    return documentSymbols(this, doc);
  }

  codeActions(doc: TextDocument, range: Range, context: CodeActionContext): Promise<CodeAction[]> {
    return codeActions(this, doc, range, context);
  }

  references(doc: TextDocument, position: Position, includeDeclaration: boolean): Promise<Location[]> {
    return references(this, doc, position, includeDeclaration);
  }

  /** Throws RenameRefused (with the reason to show) where no service can be renamed. */
  prepareRename(doc: TextDocument, position: Position): { range: Range; placeholder: string } {
    return prepareRename(this, doc, position);
  }

  /** Throws RenameRefused (with the reason to show) for a position or a new name that cannot be used. */
  rename(doc: TextDocument, position: Position, newName: string): Promise<WorkspaceEdit> {
    return rename(this, doc, position, newName);
  }

  uriOf(path: string): string {
    return this.openDocumentAt(path)?.uri ?? pathToUri(path);
  }

  private async reindexFromDisk(path: string): Promise<void> {
    const text = await this.files.readText(path);
    if (text === undefined || tooLarge('ecosystem', text)) this.index.delete(path);
    else this.index.set(path, parseEcosystem(text));
  }
}
