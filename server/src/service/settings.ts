import type { Severity } from '../../../core/diagnostics/problem';

export type SeverityOverride = Severity | 'off';

/** What the client tells the server (initializationOptions and the `markpact` configuration section). */
export interface ServerSettings {
  /** Per diagnostic code: `off|hint|info|warning|error`. */
  severity: Record<string, SeverityOverride>;
  /** Dependency cache folder, read for hovers and package completions. */
  cacheDirectory?: string;
  /** Milliseconds between the last edit and validation. */
  diagnosticsDelay: number;
  /** Whether ecosystem files get the hints that only matter for `pactown export` (`markpact.export.check`). */
  exportCheck: boolean;
  /** Runtimes given a base image in the settings (`markpact.export.baseImages`). */
  exportBaseImages: Record<string, string>;
}

export const defaultSettings: ServerSettings = { severity: {}, diagnosticsDelay: 150, exportCheck: false, exportBaseImages: {} };

const levels = new Set(['off', 'hint', 'info', 'warning', 'error']);

/** Accepts whatever the client sent and keeps only well-formed values. */
export function readSettings(raw: unknown, base: ServerSettings = defaultSettings): ServerSettings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const severity: Record<string, SeverityOverride> = { ...base.severity };
  const rawSeverity = input.severity;
  if (rawSeverity && typeof rawSeverity === 'object') {
    for (const [code, level] of Object.entries(rawSeverity)) {
      if (typeof level === 'string' && levels.has(level)) severity[code] = level as SeverityOverride;
    }
  }
  const delay = input.diagnosticsDelay;
  return {
    severity,
    cacheDirectory: typeof input.cacheDirectory === 'string' && input.cacheDirectory ? input.cacheDirectory : base.cacheDirectory,
    diagnosticsDelay: typeof delay === 'number' && delay >= 0 && delay <= 10_000 ? delay : base.diagnosticsDelay,
    exportCheck: typeof input.exportCheck === 'boolean' ? input.exportCheck : base.exportCheck,
    exportBaseImages: stringRecord(input.exportBaseImages) ?? base.exportBaseImages,
  };
}

/** An object of strings (other entries dropped), or undefined when `raw` is not an object. */
function stringRecord(raw: unknown): Record<string, string> | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
