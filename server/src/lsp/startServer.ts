import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../service/languageService';
import { readSettings, type ServerSettings } from '../service/settings';
import { DiagnosticsScheduler } from './diagnosticsScheduler';
import { guard } from './guard';
import { uriToPath } from '../service/paths';
import { validateFilesMethod, type ValidateFilesParams } from '../../../core/protocol/validateFiles';
import { validateFiles } from './validateFiles';
import { RenameRefused } from '../service/features/rename';
import { WatchedFilesRegistration } from './watchedFiles';

/** Files watched for the open documents at most (a README's hashed blocks, includes, an ecosystem's READMEs). */
const maxWatchedFiles = 5_000;

/** Wires the pure language service to an LSP connection. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = readSettings(undefined);
  let workspaceRoots: string[] = [];
  let canPullConfiguration = false;
  // Set when the client lets the server say which files to watch (the markpact client does).
  let fileWatching: WatchedFilesRegistration | undefined;

  const service = new LanguageService({
    openDocument: (uri) => documents.get(uri),
    openDocuments: () => documents.all(),
    settings: () => settings,
    log: (message) => connection.console.log(message),
  });

  const scheduler = new DiagnosticsScheduler({
    current: (uri) => documents.get(uri),
    compute: async (doc, early) => {
      const diagnostics = await service.diagnostics(doc, early);
      watchDependencies();
      return diagnostics;
    },
    publish: (uri, diagnostics, version) => void connection.sendDiagnostics({ uri, diagnostics, version }),
    delay: () => settings.diagnosticsDelay,
    onError: (uri, error) => connection.console.error(`validation of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`),
  });

  /** Re-validates the open documents whose results depend on the given files. */
  const revalidateDependents = (paths: string[]) => {
    for (const uri of service.dependentDocuments(paths)) scheduler.schedule(uri);
  };

  /** Watches what the open documents' last validations read or looked for. */
  const watchDependencies = () => fileWatching?.update(service.watchedPaths(maxWatchedFiles));

  connection.onInitialize((params): InitializeResult => {
    settings = readSettings(params.initializationOptions);
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    const watching = params.capabilities.workspace?.didChangeWatchedFiles;
    if (watching?.dynamicRegistration) fileWatching = new WatchedFilesRegistration(connection, () => workspaceRoots, !!watching.relativePatternSupport);
    workspaceRoots = (params.workspaceFolders ?? [])
      .map((folder) => uriToPath(folder.uri))
      .concat(params.workspaceFolders ? [] : [params.rootUri ? uriToPath(params.rootUri) : undefined])
      .filter((p): p is string => !!p);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        // '`': the third backtick of a fence offers whole blocks.
        completionProvider: { triggerCharacters: [':', '=', ' ', '/', '.', '-', '@', '`'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
      },
      serverInfo: { name: 'markpact-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'markpact' });
      await pullConfiguration();
    }
    await service.indexWorkspace(workspaceRoots);
    for (const doc of documents.all()) scheduler.schedule(doc.uri, true);
  });

  async function pullConfiguration(): Promise<void> {
    try {
      const [section] = await connection.workspace.getConfiguration([{ section: 'markpact' }]);
      const raw = (section ?? {}) as { diagnostics?: { severity?: unknown; delay?: unknown }; export?: { check?: unknown; baseImages?: unknown } };
      settings = readSettings({ severity: raw.diagnostics?.severity, diagnosticsDelay: raw.diagnostics?.delay, exportCheck: raw.export?.check, exportBaseImages: raw.export?.baseImages }, settings);
    } catch (error) {
      connection.console.warn(`could not read the markpact configuration: ${String(error)}`);
    }
  }

  connection.onDidChangeConfiguration(async () => {
    if (canPullConfiguration) await pullConfiguration();
    for (const doc of documents.all()) scheduler.schedule(doc.uri);
  });

  documents.onDidOpen(({ document }) => {
    service.documentChanged(document);
    scheduler.schedule(document.uri, true);
  });
  documents.onDidChangeContent(({ document }) => {
    const changedPaths = service.documentChanged(document);
    scheduler.schedule(document.uri);
    revalidateDependents(changedPaths);
  });
  documents.onDidClose(async ({ document }) => {
    scheduler.clear(document.uri);
    revalidateDependents(await service.documentClosed(document));
    watchDependencies();
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    const paths = await service.filesChanged(changes.map((c) => c.uri));
    revalidateDependents(paths);
  });

  const doc = (uri: string) => documents.get(uri);
  connection.onCompletion(guard(connection, 'completion', null, (p) => withDoc(doc(p.textDocument.uri), (d) => service.completion(d, p.position))));
  connection.onHover(guard(connection, 'hover', null, (p) => withDoc(doc(p.textDocument.uri), (d) => service.hover(d, p.position))));
  connection.onDefinition(guard(connection, 'definition', null, (p) => withDoc(doc(p.textDocument.uri), (d) => service.definition(d, p.position))));
  connection.onDocumentLinks(guard(connection, 'documentLinks', null, (p) => withDoc(doc(p.textDocument.uri), (d) => service.documentLinks(d))));
  connection.onDocumentSymbol(guard(connection, 'documentSymbol', null, (p) => withDoc(doc(p.textDocument.uri), (d) => service.documentSymbols(d))));
  connection.onCodeAction(guard(connection, 'codeAction', null, (p) => withDoc(doc(p.textDocument.uri), (d) => service.codeActions(d, p.range, p.context))));
  connection.onReferences(guard(connection, 'references', null, (p) => withDoc(doc(p.textDocument.uri), (d) => service.references(d, p.position, p.context.includeDeclaration))));
  connection.onPrepareRename(guard(connection, 'prepareRename', null, (p) => withDoc(doc(p.textDocument.uri), (d) => refusalAsError(() => service.prepareRename(d, p.position)))));
  connection.onRenameRequest(guard(connection, 'rename', null, (p) => withDoc(doc(p.textDocument.uri), (d) => refusalAsError(() => service.rename(d, p.position, p.newName)))));
  connection.onRequest(validateFilesMethod, guard(connection, 'validateFiles', [], (p: ValidateFilesParams) => validateFiles(p, documents, service)));

  connection.onShutdown(() => scheduler.dispose());
  documents.listen(connection);
  connection.listen();
}

/** A refused rename answers with its reason, which the editor shows. */
async function refusalAsError<R>(run: () => R | Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RenameRefused) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
    throw error;
  }
}

function withDoc<R>(doc: TextDocument | undefined, run: (doc: TextDocument) => R): R | null {
  return doc ? run(doc) : null;
}
