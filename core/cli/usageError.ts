/** A problem with what the user typed or pointed at (missing file, bad option): exit code 2, one line. */
export class UsageError extends Error {}

/** Exit codes scripts can rely on. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;
