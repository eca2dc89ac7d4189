import type { ServiceCounts } from './serviceTree';

export interface RunSummary {
  text: string;
  tooltip: string;
  /** Something failed: the status bar shows it in the error colour. */
  failed: boolean;
}

/** What runs besides the running ones: ", 1 completed, 1 failed, 1 blocked" (empty when nothing else). */
export function otherStates(counts: Pick<ServiceCounts, 'completed' | 'failed' | 'blocked'>): string {
  const done = counts.completed ? `, ${counts.completed} completed` : '';
  return `${done}${counts.failed ? `, ${counts.failed} failed` : ''}${counts.blocked ? `, ${counts.blocked} blocked` : ''}`;
}

/** The status bar's "pactown: 3/4 running, 1 failed"; undefined while nothing runs (the item is hidden). */
export function runSummary(counts: ServiceCounts): RunSummary | undefined {
  if (counts.total === 0) return undefined;
  const states = otherStates(counts);
  return {
    text: `$(server-process) pactown: ${counts.running}/${counts.total} running${states}`,
    tooltip: `${counts.running} of ${counts.total} services running${states}. Click to show the Services view.`,
    failed: counts.failed > 0,
  };
}
