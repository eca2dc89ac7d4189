import * as vscode from 'vscode';
import { defaultCacheDir } from '../../core/cache/location';
import type { PruneLimits } from '../../core/cache/maintenance';

const section = () => vscode.workspace.getConfiguration('markpact');

/** The dependency cache folder: the setting, else PACTOWN_CACHE_DIR, else the XDG default. */
export function cacheDirectory(): string {
  return section().get<string>('cache.directory') || defaultCacheDir(process.env);
}

/** The server's initialization options, from the `markpact.*` settings. */
export function clientSettings(): Record<string, unknown> {
  const config = section();
  return {
    cacheDirectory: cacheDirectory(),
    severity: config.get<Record<string, string>>('diagnostics.severity') ?? {},
    diagnosticsDelay: config.get<number>('diagnostics.delay'),
  };
}

export interface RunSettings {
  cacheDir: string;
  python?: string;
  healthTimeoutSeconds: number;
  openBrowser: boolean;
  cacheLimits: PruneLimits;
}

export function runSettings(): RunSettings {
  const config = section();
  const python = config.get<string>('python.interpreter');
  const maxSizeMB = config.get<number>('cache.maxSizeMB') ?? 0;
  const maxEntries = config.get<number>('cache.maxEntries') ?? 0;
  const maxAgeDays = config.get<number>('cache.maxAgeDays') ?? 0;
  return {
    cacheDir: cacheDirectory(),
    ...(python ? { python } : {}),
    healthTimeoutSeconds: config.get<number>('health.timeout') ?? 60,
    openBrowser: config.get<boolean>('run.openBrowser') ?? false,
    // 0 means no limit.
    cacheLimits: {
      ...(maxSizeMB > 0 ? { maxBytes: maxSizeMB * 1024 * 1024 } : {}),
      ...(maxEntries > 0 ? { maxEntries } : {}),
      ...(maxAgeDays > 0 ? { maxAgeDays } : {}),
    },
  };
}

/**
 * The environment services and installs run in: the window's own, without what VS Code sets for
 * its own processes, plus the cache folder and interpreter from the settings.
 */
export function runEnvironment(settings: RunSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VSCODE_') && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value;
  }
  env.PACTOWN_CACHE_DIR = settings.cacheDir;
  if (settings.python) env.PACTOWN_PYTHON = settings.python;
  return env;
}
