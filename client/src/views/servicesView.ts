import * as vscode from 'vscode';
import { buildServiceTree, type ServiceNode } from '../model/serviceTree';
import type { RunManager } from '../runs/runManager';
import type { CatalogIndex } from '../workspace/catalogIndex';

const collapsed = vscode.TreeItemCollapsibleState.Expanded;

/** The Services view: rows from the catalog and the runs, rebuilt on their events, and only while visible. */
export class ServicesView implements vscode.TreeDataProvider<ServiceNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ServiceNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ServiceNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private stale = false;
  private roots: ServiceNode[] = [];

  constructor(private readonly catalog: CatalogIndex, private readonly runs: RunManager) {
    this.view = vscode.window.createTreeView('markpact.services', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      catalog.onDidChange(() => this.refresh()),
      runs.onDidChange(() => this.refresh()),
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible && this.stale) this.refresh();
      }),
    );
  }

  refresh(): void {
    // A hidden view is refreshed when it is shown again.
    this.stale = !this.view.visible;
    if (!this.stale) this.changed.fire(undefined);
  }

  async getChildren(node?: ServiceNode): Promise<ServiceNode[]> {
    if (node) return node.children;
    const ecosystems = await this.catalog.all();
    await this.runs.track(ecosystems);
    const folders = vscode.workspace.workspaceFolders ?? [];
    this.roots = buildServiceTree(ecosystems, this.runs.views(), (path) => vscode.workspace.asRelativePath(path, folders.length > 1));
    return this.roots;
  }

  getTreeItem(node: ServiceNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children.length > 0 ? collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = new vscode.MarkdownString(node.tooltip);
    item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    item.contextValue = node.contextValue;
    if (node.kind !== 'ecosystem' && node.readmePath) {
      item.command = { command: 'markpact.openReadme', title: 'Open README', arguments: [node] };
    }
    return item;
  }

  getParent(node: ServiceNode): ServiceNode | undefined {
    return this.roots.find((root) => root.children.some((child) => child.id === node.id));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
