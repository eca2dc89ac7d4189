import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import * as vscode from 'vscode';
import { localDependencies, startWaves } from '../../../core/pactown/graph';
import { engine } from '../engine';
import type { CatalogEcosystem } from '../model/catalog';
import { dependencyGraphSvg } from '../model/graphSvg';
import type { RunManager } from '../runs/runManager';

const style = `
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 12px; }
  rect { fill: var(--vscode-editorWidget-background); }
  .node { cursor: pointer; }
  .node:hover rect, .node:focus rect { fill: var(--vscode-list-hoverBackground); }
  .name { font-weight: 600; font-size: 13px; fill: var(--vscode-foreground); }
  .detail { font-size: 11px; fill: var(--vscode-descriptionForeground); }
  .legend { font-size: 12px; fill: var(--vscode-descriptionForeground); }
  .edge { fill: none; stroke: var(--vscode-foreground); stroke-opacity: .55; stroke-width: 1.5; }
  .arrowhead { fill: var(--vscode-foreground); fill-opacity: .7; }`;

/** The page's only script: a click (or Enter) on a box asks the panel to open that service's README. */
const script = `
  const vscode = acquireVsCodeApi();
  for (const node of document.querySelectorAll('.node')) {
    node.setAttribute('tabindex', '0');
    const open = () => vscode.postMessage({ openReadme: node.getAttribute('data-service') });
    node.addEventListener('click', open);
    node.addEventListener('keydown', (event) => { if (event.key === 'Enter') open(); });
  }`;

/** "Show dependency graph": a webview with the ecosystem drawn as SVG, redrawn as its services change state. */
export class GraphPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly runs: RunManager) {}

  async show(ecosystem: CatalogEcosystem): Promise<void> {
    const existing = this.panels.get(ecosystem.path);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('markpact.graph', `Dependencies: ${ecosystem.name}`, vscode.ViewColumn.Beside, { enableScripts: true });
    this.panels.set(ecosystem.path, panel);
    /** Each service's README, as the drawn YAML names it. */
    let readmes = new Map<string, string>();
    let disposed = false;
    const render = async () => {
      const drawn = await this.html(ecosystem, panel.webview.cspSource);
      // The panel may have been closed while the file was read.
      if (disposed) return;
      readmes = drawn.readmes;
      panel.webview.html = drawn.html;
    };
    const subscriptions = [
      this.runs.onDidChange((path) => {
        if (path === ecosystem.path && panel.visible) void render();
      }),
      panel.webview.onDidReceiveMessage((message: { openReadme?: unknown }) => {
        const readme = typeof message.openReadme === 'string' ? readmes.get(message.openReadme) : undefined;
        if (readme) void vscode.window.showTextDocument(vscode.Uri.file(readme), { viewColumn: vscode.ViewColumn.One });
      }),
    ];
    panel.onDidChangeViewState(() => {
      if (panel.visible) void render();
    });
    panel.onDidDispose(() => {
      disposed = true;
      for (const s of subscriptions) s.dispose();
      this.panels.delete(ecosystem.path);
    });
    await render();
  }

  private async html(ecosystem: CatalogEcosystem, cspSource: string): Promise<{ html: string; readmes: Map<string, string> }> {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(ecosystem.path)));
    const { config } = engine().parseEcosystem(text);
    const deps = localDependencies(config);
    const statuses = this.runs.view(ecosystem.path)?.services ?? [];
    const svg = dependencyGraphSvg(
      config.services.map((s) => ({ name: s.name, port: s.port, dependsOn: deps.get(s.name) ?? [], state: statuses.find((t) => t.name === s.name)?.state ?? 'stopped' })),
      startWaves(config),
    );
    const nonce = randomBytes(16).toString('base64');
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; img-src ${cspSource} data:; script-src 'nonce-${nonce}';">
<style>${style}</style></head><body>
${svg}
<script nonce="${nonce}">${script}</script>
</body></html>`;
    return { html, readmes: new Map(config.services.map((s) => [s.name, resolve(dirname(ecosystem.path), s.readme)])) };
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
  }
}
