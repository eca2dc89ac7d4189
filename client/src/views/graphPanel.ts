import * as vscode from 'vscode';
import { localDependencies, startWaves } from '../../../core/pactown/graph';
import { engine } from '../engine';
import type { CatalogEcosystem } from '../model/catalog';
import { dependencyGraphSvg } from '../model/graphSvg';
import type { RunManager } from '../runs/runManager';

const style = `
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 12px; }
  rect { fill: var(--vscode-editorWidget-background); }
  .name { font-weight: 600; font-size: 13px; fill: var(--vscode-foreground); }
  .detail { font-size: 11px; fill: var(--vscode-descriptionForeground); }
  .edge { fill: none; stroke: var(--vscode-foreground); stroke-opacity: .55; stroke-width: 1.5; }
  .arrowhead { fill: var(--vscode-foreground); fill-opacity: .7; }
  p { color: var(--vscode-descriptionForeground); }`;

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
    // No scripts: the page is a picture.
    const panel = vscode.window.createWebviewPanel('markpact.graph', `Dependencies: ${ecosystem.name}`, vscode.ViewColumn.Beside, { enableScripts: false });
    this.panels.set(ecosystem.path, panel);
    const render = async () => {
      panel.webview.html = await this.html(ecosystem, panel.webview.cspSource);
    };
    const subscription = this.runs.onDidChange((path) => {
      if (path === ecosystem.path && panel.visible) void render();
    });
    panel.onDidChangeViewState(() => {
      if (panel.visible) void render();
    });
    panel.onDidDispose(() => {
      subscription.dispose();
      this.panels.delete(ecosystem.path);
    });
    await render();
  }

  private async html(ecosystem: CatalogEcosystem, cspSource: string): Promise<string> {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(ecosystem.path)));
    const { config } = engine().parseEcosystem(text);
    const deps = localDependencies(config);
    const statuses = this.runs.view(ecosystem.path)?.services ?? [];
    const svg = dependencyGraphSvg(
      config.services.map((s) => ({ name: s.name, port: s.port, dependsOn: deps.get(s.name) ?? [], state: statuses.find((t) => t.name === s.name)?.state ?? 'stopped' })),
      startWaves(config),
    );
    return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; img-src ${cspSource} data:;">
<style>${style}</style></head><body>
<p>Start order from left to right: an arrow goes from a service to the services that depend on it.</p>
${svg}
</body></html>`;
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
  }
}
