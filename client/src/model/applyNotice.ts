import type { ApplyResult } from '../../../core/runtime/apply/result';

/** How the window tells of a live apply. */
export interface ApplyNotice {
  /** `info`: a status bar message; `warning`: a notification, with `failed` services to show logs of. */
  level: 'info' | 'warning';
  text: string;
  /** Services the apply started or restarted that did not come back. */
  failed: string[];
}

/**
 * What to say of an apply of `ecosystem`'s run: nothing when it concerned other files or found
 * nothing to do; a passing word when everything came back; a warning when it was refused (with
 * why) or a service did not come back.
 */
export function applyNotice(ecosystem: string, result: ApplyResult): ApplyNotice | undefined {
  if (result.unrelated || (result.applied && result.services.length === 0)) return undefined;
  if (!result.applied) return { level: 'warning', text: `${ecosystem}: ${result.summary}`, failed: [] };
  const failed = result.services.filter((s) => s.outcome !== 'running' && s.outcome !== 'completed' && s.outcome !== 'stopped').map((s) => s.name);
  const took = result.durationMs >= 1_000 ? ` in ${(result.durationMs / 1000).toFixed(1)} s` : ` in ${result.durationMs} ms`;
  return { level: failed.length > 0 ? 'warning' : 'info', text: `${ecosystem}: ${result.summary}${took}`, failed };
}
