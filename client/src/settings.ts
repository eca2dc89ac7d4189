import * as vscode from 'vscode';

/** The server's initialization options, from the `markpact.*` settings. */
export function clientSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('markpact');
  return {
    cacheDirectory: config.get<string>('cache.directory') || process.env.PACTOWN_CACHE_DIR || undefined,
    severity: config.get<Record<string, string>>('diagnostics.severity') ?? {},
    diagnosticsDelay: config.get<number>('diagnostics.delay'),
  };
}
