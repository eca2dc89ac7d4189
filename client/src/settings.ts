import * as vscode from 'vscode';
import { defaultCacheDir } from '../../core/cache/location';
import type { PruneLimits } from '../../core/cache/maintenance';
import type { CatalogEcosystem } from './model/catalog';

/**
 * The `markpact` settings. Resource-scoped ones (a folder can set them) are read for a resource —
 * the README or ecosystem they apply to, or `null` for "any" — and window- and machine-scoped ones
 * without: VS Code warns about a read of either kind the other way.
 */
const section = (scope?: vscode.Uri | null) => vscode.workspace.getConfiguration('markpact', scope);

/** The dependency cache folder: the setting, else PACTOWN_CACHE_DIR, else the XDG default. */
export function cacheDirectory(): string {
  return section().get<string>('cache.directory') || defaultCacheDir(process.env);
}

/**
 * The server's initialization options, from the `markpact.*` settings. The server applies one
 * severity map to every document: the workspace's (`null`: no folder's in particular).
 */
export function clientSettings(): Record<string, unknown> {
  return {
    cacheDirectory: cacheDirectory(),
    severity: section(null).get<Record<string, string>>('diagnostics.severity') ?? {},
    diagnosticsDelay: section().get<number>('diagnostics.delay'),
    exportCheck: section(null).get<boolean>('export.check') ?? false,
    exportBaseImages: exportBaseImages(),
  };
}

/** Base images per runtime for an export, besides the defaults (`go` → `golang:1.22`). */
export function exportBaseImages(): Record<string, string> {
  return section(null).get<Record<string, string>>('export.baseImages') ?? {};
}

/** Where environments are built and kept: the same for every README (machine-scoped settings). */
export interface CacheSettings {
  cacheDir: string;
  python?: string;
  cacheLimits: PruneLimits;
}

export function cacheSettings(): CacheSettings {
  const config = section();
  const python = config.get<string>('python.interpreter');
  const maxSizeMB = config.get<number>('cache.maxSizeMB') ?? 0;
  const maxEntries = config.get<number>('cache.maxEntries') ?? 0;
  const maxAgeDays = config.get<number>('cache.maxAgeDays') ?? 0;
  return {
    cacheDir: cacheDirectory(),
    ...(python ? { python } : {}),
    // 0 means no limit.
    cacheLimits: {
      ...(maxSizeMB > 0 ? { maxBytes: maxSizeMB * 1024 * 1024 } : {}),
      ...(maxEntries > 0 ? { maxEntries } : {}),
      ...(maxAgeDays > 0 ? { maxAgeDays } : {}),
    },
  };
}

export interface RunSettings extends CacheSettings {
  healthTimeoutSeconds: number;
  openBrowser: boolean;
}

/** Whether saving this file (a README, an ecosystem file) applies it to the live run it is part of. */
export function applyOnSave(file: vscode.Uri): boolean {
  return section(file).get<boolean>('run.applyOnSave') ?? true;
}

/** The file whose folder's settings a run uses: the README run on its own, else the ecosystem file. */
export function runResource(ecosystem: CatalogEcosystem): vscode.Uri {
  return vscode.Uri.file(ecosystem.readme ?? ecosystem.path);
}

/** The settings a run of `resource` (its ecosystem file, or the README run on its own) uses. */
export function runSettings(resource: vscode.Uri): RunSettings {
  const config = section(resource);
  return {
    ...cacheSettings(),
    healthTimeoutSeconds: config.get<number>('health.timeout') ?? 60,
    openBrowser: config.get<boolean>('run.openBrowser') ?? false,
  };
}

/**
 * The environment services and installs run in: the window's own, without what VS Code sets for
 * its own processes, plus the cache folder and interpreter from the settings.
 */
export function runEnvironment(settings: CacheSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VSCODE_') && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value;
  }
  env.PACTOWN_CACHE_DIR = settings.cacheDir;
  if (settings.python) env.PACTOWN_PYTHON = settings.python;
  return env;
}
