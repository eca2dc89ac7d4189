import type { Action, Change } from './plan';

/** What an apply did to one service. */
export interface AppliedService {
  name: string;
  action: Exclude<Action, 'unchanged'>;
  changes: Change[];
  because?: string;
  /** How a started or restarted service came out (`completed`: a one-shot command ran again); `stopped` for a removed one. */
  outcome: 'running' | 'completed' | 'failed' | 'blocked' | 'cancelled' | 'stopped';
  error?: string;
  /** For its log and its row: "applied: files changed, restarted". */
  note: string;
}

/** The answer to an apply (the control protocol carries it as is). */
export interface ApplyResult {
  /** Whether the files were applied (false: refused, or not this run's files). */
  applied: boolean;
  /** None of the files asked about is one this run is made from: nothing was read or done. */
  unrelated?: boolean;
  /** Why it was not applied: "not applied: 1 error in quotes/README.md (first: …)". */
  reason?: string;
  /** Every service the apply started, stopped or restarted, in the order it acted. */
  services: AppliedService[];
  /** Services left as they were (their processes kept). */
  unchanged: string[];
  /** One line for people. */
  summary: string;
  durationMs: number;
}

export function unrelatedResult(): ApplyResult {
  return { applied: false, unrelated: true, services: [], unchanged: [], summary: 'not applied: none of these files is part of this run', durationMs: 0 };
}

export function refusedResult(reason: string, unchanged: string[], durationMs: number): ApplyResult {
  return { applied: false, reason, services: [], unchanged, summary: `${reason}; the run goes on as it was`, durationMs };
}

/** "applied: quotes (files changed, restarted), extra (added, started); 2 unchanged". */
export function summarize(services: readonly AppliedService[], unchanged: readonly string[]): string {
  if (services.length === 0) return "nothing to apply: no service's inputs changed";
  const listed = services.map((s) => `${s.name} (${s.note.replace(/^applied: /, '')})`).join(', ');
  return `applied: ${listed}${unchanged.length > 0 ? `; ${unchanged.length} unchanged` : ''}`;
}
