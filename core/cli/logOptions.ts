import { UsageError } from './usageError';

/** `--tail`: a count of lines, or `all`. Undefined means every line. */
export function parseTail(value: string): number | undefined {
  if (value === 'all') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--tail ${value}: expected a number of lines or 'all'`);
  return Number(value);
}

const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: a duration back from `now` (`30s`, `10m`, `2h`, `1d`) or a date and time (`2026-12-01T10:00:00Z`), as ms since the epoch. */
export function parseSince(value: string, now: number): number {
  const duration = /^(\d+)([smhd])$/.exec(value);
  if (duration) return now - Number(duration[1]) * units[duration[2]];
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new UsageError(`--since ${value}: expected a duration (30s, 10m, 2h, 1d) or a date and time (2026-12-01T10:00:00Z)`);
  return time;
}
