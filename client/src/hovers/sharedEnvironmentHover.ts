import * as vscode from 'vscode';
import type { CatalogEcosystem } from '../model/catalog';
import type { RunManager } from '../runs/runManager';
import { cacheDirectory } from '../settings';
import type { CatalogIndex } from '../workspace/catalogIndex';
import { readmeDependencies } from '../workspace/readmeDependencies';

/**
 * Adds to the language server's cache hover on a deps line: which running services use this
 * environment right now (the same dependency set shares one cache entry).
 */
export class SharedEnvironmentHover implements vscode.HoverProvider {
  constructor(private readonly runs: RunManager, private readonly catalog: CatalogIndex) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const views = this.runs.views();
    const users = [...views].flatMap(([path, view]) => view.services.filter((s) => s.cacheKey && s.state !== 'stopped').map((s) => ({ path, service: s })));
    if (users.length === 0 || document.uri.scheme !== 'file') return undefined;
    const offset = document.offsetAt(position);
    const { set, records } = await readmeDependencies(document.uri.fsPath, document.getText(), cacheDirectory());
    const block = set.requirements.find((r) => !r.implicit && r.block.sourcePath === undefined && offset >= r.block.span.start && offset <= r.block.span.end)?.block;
    if (!block) return undefined;
    const keys = new Set(records.map((r) => r.key));
    const sharing = users.filter((u) => keys.has(u.service.cacheKey!));
    if (sharing.length === 0) return undefined;
    const names = new Map<string, CatalogEcosystem>((await this.catalog.all()).map((e) => [e.path, e]));
    const list = sharing.map(({ path, service }) => {
      const ecosystem = names.get(path);
      return `- **${service.name}**${ecosystem && !ecosystem.readme ? ` in ${ecosystem.name}` : ''} — ${service.state}, ${service.url}`;
    });
    const markdown = new vscode.MarkdownString(`**Shared environment in use** by ${sharing.length} running service${sharing.length === 1 ? '' : 's'}:\n\n${list.join('\n')}`);
    return new vscode.Hover(markdown, new vscode.Range(document.positionAt(block.span.start), document.positionAt(block.span.end)));
  }
}
