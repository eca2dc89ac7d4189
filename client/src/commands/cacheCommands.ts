import * as vscode from 'vscode';
import { cacheStats, clearCache } from '../../../core/cache/maintenance';
import { humanSize, timeAgo } from '../../../core/text/humanize';
import type { ExtensionContextServices } from '../context';
import { engine } from '../engine';
import { cacheDirectory, cacheSettings, runEnvironment } from '../settings';
import { requireTrust } from '../trust';
import { explain } from './explain';
import { readmeDependencies } from '../workspace/readmeDependencies';

const statsUri = vscode.Uri.parse('markpact-cache:/Dependency cache statistics.md');

/** The statistics as a Markdown page (a read-only virtual document, shown rendered). */
async function statsMarkdown(): Promise<string> {
  const dir = cacheDirectory();
  const stats = await cacheStats(dir);
  const lines = [
    '# Dependency cache', '',
    `Folder: \`${dir}\``, '',
    `- ${stats.entries.length} environment${stats.entries.length === 1 ? '' : 's'}, ${humanSize(stats.totalBytes)}`,
    `- lookups: ${stats.hits} hit${stats.hits === 1 ? '' : 's'}, ${stats.misses} miss${stats.misses === 1 ? '' : 'es'} (hit rate ${(stats.hitRate * 100).toFixed(0)}%)`, '',
  ];
  if (stats.entries.length > 0) {
    lines.push('| Key | Runtime | Requirements | Size | Last used | Hits |', '|---|---|---|---|---|---|');
    for (const r of [...stats.entries].sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt))) {
      const requirements = r.requirements.length ? r.requirements.map((q) => `\`${q.replace(/\|/g, '\\|')}\``).join(', ') : '(none)';
      lines.push(`| \`${r.key}\` | ${r.runtime.name} ${r.runtime.version} | ${requirements} | ${humanSize(r.sizeBytes)} | ${timeAgo(r.lastUsedAt)} | ${r.hits} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Clear, statistics and warm-up of the dependency cache. */
export function registerCacheCommands(services: ExtensionContextServices): vscode.Disposable[] {
  const statsChanged = new vscode.EventEmitter<vscode.Uri>();
  return [
    statsChanged,
    vscode.workspace.registerTextDocumentContentProvider('markpact-cache', { onDidChange: statsChanged.event, provideTextDocumentContent: statsMarkdown }),
    services.cacheChanged.event(() => statsChanged.fire(statsUri)),
    vscode.commands.registerCommand('markpact.showCacheStats', async () => {
      statsChanged.fire(statsUri);
      const doc = await vscode.workspace.openTextDocument(statsUri);
      // The built-in Markdown preview renders it (and follows its changes); its source if that extension is disabled.
      await vscode.commands.executeCommand('markdown.showPreview', statsUri).then(undefined, () => vscode.window.showTextDocument(doc, { preview: true }));
      return doc.getText();
    }),
    vscode.commands.registerCommand('markpact.clearCache', async (options?: { confirm?: boolean }) => {
      const dir = cacheDirectory();
      const { entries, totalBytes } = await cacheStats(dir);
      if (entries.length === 0) {
        explain(`The dependency cache (${dir}) is empty: there is nothing to remove.`);
        return [];
      }
      if (options?.confirm !== false) {
        const answer = await vscode.window.showWarningMessage(
          `Remove ${entries.length} cached environment${entries.length === 1 ? '' : 's'} (${humanSize(totalBytes)}) from ${dir}?`,
          { modal: true, detail: 'Environments that running services use, or that are being built, are kept. The next run of each README installs its dependencies again.' },
          'Remove',
        );
        if (answer !== 'Remove') return [];
      }
      const removed = await clearCache(dir);
      services.cacheChanged.fire();
      const kept = entries.length - removed.length;
      void vscode.window.showInformationMessage(`Removed ${removed.length} environment${removed.length === 1 ? '' : 's'}${kept ? `; kept ${kept} in use` : ''}.`);
      return removed;
    }),
    vscode.commands.registerCommand('markpact.warmCache', async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri || !/\.(md|markdown)$/i.test(uri.fsPath)) {
        explain('Open a markpact README to install its dependencies into the cache.');
        return false;
      }
      if (!requireTrust('Installing dependencies')) return false;
      const doc = await vscode.workspace.openTextDocument(uri);
      const settings = cacheSettings();
      const { set } = await readmeDependencies(uri.fsPath, doc.getText(), settings.cacheDir);
      const name = vscode.workspace.asRelativePath(uri);
      if (set.requirements.length === 0) {
        explain(`${name} has no dependencies (markpact:deps) to install.`);
        return false;
      }
      const controller = new AbortController();
      try {
        const ensured = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Installing ${set.requirements.length} ${set.ecosystem} requirement(s)`, cancellable: true }, (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return engine().ensureEnvironment({
            cacheDir: settings.cacheDir, ecosystem: set.ecosystem, requirements: set.requirements.map((r) => r.raw), env: runEnvironment(settings), signal: controller.signal,
            onLog: (line) => {
              progress.report({ message: line.slice(0, 120) });
              services.output.info(`cache: ${line}`);
            },
          });
        });
        void vscode.window.showInformationMessage(`${name}: ${ensured.hit ? 'its dependencies were already in the cache' : `installed ${set.requirements.length} ${set.ecosystem} requirement${set.requirements.length === 1 ? '' : 's'} into the cache`} (environment ${ensured.key}).`);
        return true;
      } catch (error) {
        if (controller.signal.aborted) explain(`Installing the dependencies of ${name} was cancelled.`);
        else void vscode.window.showErrorMessage(`Installing the dependencies of ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      } finally {
        services.cacheChanged.fire();
      }
    }),
  ];
}
