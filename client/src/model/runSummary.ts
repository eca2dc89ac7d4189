import type { ServiceCounts } from './serviceTree';

export interface RunSummary {
  text: string;
  tooltip: string;
  /** Something failed: the status bar shows it in the error colour. */
  failed: boolean;
}

/** The status bar's "pactown: 3/4 running, 1 failed"; undefined while nothing runs (the item is hidden). */
export function runSummary(counts: ServiceCounts): RunSummary | undefined {
  if (counts.total === 0) return undefined;
  const done = counts.completed ? `, ${counts.completed} completed` : '';
  const states = `${done}${counts.failed ? `, ${counts.failed} failed` : ''}${counts.blocked ? `, ${counts.blocked} blocked` : ''}`;
  return {
    text: `$(server-process) pactown: ${counts.running}/${counts.total} running${states}`,
    tooltip: `${counts.running} of ${counts.total} services running${states}. Click to show the Services view.`,
    failed: counts.failed > 0,
  };
}
