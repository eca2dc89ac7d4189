import * as vscode from 'vscode';
import { catalogEcosystem, catalogReadme, hasMarkpactBlocks, standaloneReadmes, type CatalogEcosystem } from '../model/catalog';

/** Folders never scanned: dependencies, sandboxes, caches. */
const excludedFolders = ['node_modules', '.git', '.pactown', '.venv', '__pycache__'];
const excluded = `**/{${excludedFolders.join(',')}}/**`;
/** Whether a path lies in a folder the scans skip (so a change there changes nothing listed). */
const inExcludedFolder = (uri: vscode.Uri) => uri.path.split('/').slice(0, -1).some((segment) => excludedFolders.includes(segment));
/** Enough for any real workspace, small enough that a huge one stays quick. */
const maxMarkdownFiles = 2_000;
/** Ecosystem files scanned again for, between two watcher events: a bound, far above any workspace's count. */
const maxRescannedPaths = 1_000;

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * The ecosystems (`*.pactown.yaml`) and standalone markpact READMEs of the workspace. Computed
 * when first asked (the Services view, a CodeLens) and kept until a watched file changes: nothing
 * is scanned while nobody looks.
 */
export class CatalogIndex implements vscode.Disposable {
  private ecosystemsLoad?: Promise<CatalogEcosystem[]>;
  private readmesLoad?: Promise<CatalogEcosystem[]>;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly rescannedFor = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly onDidChange = this.changed.event;

  constructor() {
    const yaml = vscode.workspace.createFileSystemWatcher('**/*.pactown.{yaml,yml}');
    const markdown = vscode.workspace.createFileSystemWatcher('**/*.{md,markdown}');
    const invalidateAll = () => {
      this.rescannedFor.clear();
      this.invalidate(true);
    };
    const invalidateReadmes = (uri: vscode.Uri) => {
      if (!inExcludedFolder(uri)) this.invalidate(false);
    };
    this.disposables.push(yaml, markdown, this.changed, yaml.onDidCreate(invalidateAll), yaml.onDidChange(invalidateAll), yaml.onDidDelete(invalidateAll));
    this.disposables.push(markdown.onDidCreate(invalidateReadmes), markdown.onDidDelete(invalidateReadmes), vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.languageId === 'markdown') invalidateReadmes(d.uri);
    }));
  }

  /** The workspace's ecosystem files. */
  ecosystems(): Promise<CatalogEcosystem[]> {
    this.ecosystemsLoad ??= (async () => {
      const uris = await vscode.workspace.findFiles('**/*.pactown.{yaml,yml}', excluded);
      const loaded = await Promise.all(uris.map(async (uri) => {
        const text = await readText(uri);
        return text === undefined ? undefined : catalogEcosystem(uri.fsPath, text);
      }));
      return loaded.filter((e): e is CatalogEcosystem => e !== undefined);
    })();
    return this.ecosystemsLoad;
  }

  /** READMEs with markpact blocks that no ecosystem references, each as a one-service ecosystem. */
  standaloneReadmes(): Promise<CatalogEcosystem[]> {
    this.readmesLoad ??= (async () => {
      const [ecosystems, uris] = await Promise.all([this.ecosystems(), vscode.workspace.findFiles('**/*.{md,markdown}', excluded, maxMarkdownFiles)]);
      const candidates = standaloneReadmes(uris.map((u) => u.fsPath), ecosystems);
      const withBlocks = await Promise.all(candidates.map(async (path) => (hasMarkpactBlocks((await readText(vscode.Uri.file(path))) ?? '') ? path : undefined)));
      return withBlocks.filter((p): p is string => !!p).map((p) => catalogReadme(p));
    })();
    return this.readmesLoad;
  }

  async all(): Promise<CatalogEcosystem[]> {
    return [...(await this.ecosystems()), ...(await this.standaloneReadmes())];
  }

  /** The ecosystem a file is: the YAML itself, or a README run on its own. */
  async ecosystemOf(path: string): Promise<CatalogEcosystem | undefined> {
    const all = await this.ecosystems();
    const found = all.find((e) => e.path === path);
    if (found) return found;
    if (/\.pactown\.ya?ml$/i.test(path)) {
      const text = await readText(vscode.Uri.file(path));
      if (text === undefined) return undefined;
      this.rescanForMissed(path);
      return catalogEcosystem(path, text);
    }
    return (await this.standaloneReadmes()).find((e) => e.readme === path) ?? catalogReadme(path);
  }

  /** The ecosystems whose services use this README (with the service names). */
  async usersOf(readmePath: string): Promise<{ ecosystem: CatalogEcosystem; service: string }[]> {
    return (await this.ecosystems()).flatMap((ecosystem) => ecosystem.services.filter((s) => s.readmePath === readmePath).map((s) => ({ ecosystem, service: s.name })));
  }

  /**
   * An ecosystem file of the workspace that the last scan did not list: the file watcher missed its
   * creation (it can, for files written by another process), so the view would never show its run.
   * Scanned again once per such file until the watcher reports a change, so a file the scan cannot
   * see (outside the folders, excluded) never loops.
   */
  private rescanForMissed(path: string): void {
    const uri = vscode.Uri.file(path);
    if (!vscode.workspace.getWorkspaceFolder(uri) || inExcludedFolder(uri) || this.rescannedFor.has(path)) return;
    if (this.rescannedFor.size >= maxRescannedPaths) this.rescannedFor.clear();
    this.rescannedFor.add(path);
    this.invalidate(true);
  }

  /** Forgets what was found: the next look scans the workspace again. */
  refresh(): void {
    this.invalidate(true);
  }

  private invalidate(ecosystemsToo: boolean): void {
    if (ecosystemsToo) this.ecosystemsLoad = undefined;
    this.readmesLoad = undefined;
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
