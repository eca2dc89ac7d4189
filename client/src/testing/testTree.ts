import * as vscode from 'vscode';
import type { PlannedService } from '../../../core/testing/ecosystemTests';
import type { TestBlock, TestLine } from '../../../core/testing/plan';
import { engine } from '../engine';
import type { CatalogEcosystem } from '../model/catalog';
import { editorReader } from '../workspace/editorReader';
import type { CatalogIndex } from '../workspace/catalogIndex';

/** What a Testing-view item stands for. */
export type TestNode =
  | { kind: 'ecosystem'; ecosystem: CatalogEcosystem }
  | { kind: 'service'; ecosystem: CatalogEcosystem; planned: PlannedService }
  | { kind: 'block'; ecosystem: CatalogEcosystem; planned: PlannedService; block: TestBlock }
  | { kind: 'line'; ecosystem: CatalogEcosystem; planned: PlannedService; line: TestLine };

const range = (line: number, start = 0, endLine = line, end = start) => new vscode.Range(line, start, endLine, end);

/**
 * The Testing view's markpact items: ecosystem → service → test block → test line, each with its
 * README and range (a README run on its own is listed as its service, with no ecosystem above).
 * Only services with tests are listed. Built on first need (the Testing view opened, a README
 * with tests shown, a run), then kept up to date: the workspace's ecosystems and READMEs as the
 * catalog finds them, a README's items as it is edited.
 */
export class ReadmeTestTree implements vscode.Disposable {
  private readonly nodes = new WeakMap<vscode.TestItem, TestNode>();
  /** Every ecosystem's services as last planned, with or without tests (one may gain some as it is edited). */
  private ecosystems: { ecosystem: CatalogEcosystem; services: PlannedService[] }[] = [];
  private loading?: Promise<void>;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly controller: vscode.TestController, private readonly catalog: CatalogIndex) {}

  /** Builds the items once; later calls wait for that. */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  /** The workspace changed (ecosystems, READMEs): rebuild, if the items were ever built. */
  reload(): Promise<void> {
    if (!this.loading) return Promise.resolve();
    this.loading = this.load();
    return this.loading;
  }

  /** A README (or a file it includes) changed: re-plan the services that read it. */
  async reloadFile(path: string): Promise<void> {
    if (!this.loading) return;
    await this.loading;
    let touched = false;
    for (const entry of this.ecosystems) {
      const stale = entry.services.filter((p) => p.tests.readmePath === path || p.tests.blocks.some((b) => b.file === path));
      if (stale.length === 0) continue;
      const fresh = await engine().planTests(stale.map((p) => ({ name: p.tests.service, readmePath: p.tests.readmePath })), editorReader);
      entry.services = entry.services.map((p) => fresh.find((f) => f.tests.service === p.tests.service) ?? p);
      touched = true;
    }
    if (touched) this.publish();
  }

  node(item: vscode.TestItem): TestNode | undefined {
    return this.nodes.get(item);
  }

  /** Every top-level item. */
  roots(): vscode.TestItem[] {
    const roots: vscode.TestItem[] = [];
    this.controller.items.forEach((item) => void roots.push(item));
    return roots;
  }

  /** The block items whose fence starts on this line of this file (one per ecosystem that runs the README). */
  blocksAt(file: string, line: number): vscode.TestItem[] {
    return this.all().filter((item) => {
      const node = this.nodes.get(item);
      return node?.kind === 'block' && node.block.file === file && node.block.startLine === line;
    });
  }

  /** The test blocks written in a file, once each (a README two ecosystems use has its blocks under both). */
  blocksIn(file: string): TestBlock[] {
    const blocks = new Map<number, TestBlock>();
    for (const item of this.all()) {
      const node = this.nodes.get(item);
      if (node?.kind === 'block' && node.block.file === file) blocks.set(node.block.startLine, node.block);
    }
    return [...blocks.values()].sort((a, b) => a.startLine - b.startLine);
  }

  /** Every item, depth first. */
  all(): vscode.TestItem[] {
    const out: vscode.TestItem[] = [];
    const walk = (item: vscode.TestItem) => {
      out.push(item);
      item.children.forEach(walk);
    };
    this.controller.items.forEach(walk);
    return out;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async load(): Promise<void> {
    const ecosystems = await this.catalog.all();
    this.ecosystems = await Promise.all(ecosystems.map(async (ecosystem) => ({
      ecosystem,
      services: await engine().planTests(ecosystem.services.map((s) => ({ name: s.name, readmePath: s.readmePath })), editorReader),
    })));
    this.publish();
  }

  /** Replaces the items with the current plans (VS Code keeps the results of items whose ids stay). */
  private publish(): void {
    const roots = this.ecosystems.flatMap(({ ecosystem, services }) => {
      const tested = services.filter((p) => p.tests.blocks.some((b) => b.lines.length > 0));
      if (tested.length === 0) return [];
      const serviceItems = tested.map((planned) => this.serviceItem(ecosystem, planned));
      // A README run on its own is its service: no ecosystem level above it.
      if (ecosystem.readme) return serviceItems;
      const item = this.controller.createTestItem(ecosystem.path, ecosystem.name, vscode.Uri.file(ecosystem.path));
      item.children.replace(serviceItems);
      this.nodes.set(item, { kind: 'ecosystem', ecosystem });
      return [item];
    });
    this.controller.items.replace(roots);
    this.changed.fire();
  }

  private serviceItem(ecosystem: CatalogEcosystem, planned: PlannedService): vscode.TestItem {
    const { tests } = planned;
    const item = this.controller.createTestItem(`${ecosystem.path}#${tests.service}`, tests.service, vscode.Uri.file(tests.readmePath));
    item.description = vscode.workspace.asRelativePath(tests.readmePath);
    item.range = range(0);
    this.nodes.set(item, { kind: 'service', ecosystem, planned });
    item.children.replace(tests.blocks.filter((b) => b.lines.length > 0).map((block) => {
      const blockItem = this.controller.createTestItem(`${item.id}#${block.id}`, `${block.kind} tests (line ${block.startLine + 1})`, vscode.Uri.file(block.file));
      blockItem.range = range(block.startLine, 0, block.endLine, 0);
      this.nodes.set(blockItem, { kind: 'block', ecosystem, planned, block });
      blockItem.children.replace(block.lines.map((line) => {
        const lineItem = this.controller.createTestItem(`${item.id}#${line.id}`, line.label, vscode.Uri.file(line.file));
        lineItem.range = range(line.range.line, line.range.start, line.range.line, line.range.end);
        this.nodes.set(lineItem, { kind: 'line', ecosystem, planned, line });
        return lineItem;
      }));
      return blockItem;
    }));
    return item;
  }
}
