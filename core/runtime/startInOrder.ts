/**
 * The order of a start, without processes: each service starts once every dependency it has in
 * the start came up, independent ones together; one whose dependency did not come up is blocked,
 * and once the start is cancelled nothing more starts. Apart from the orchestrator so that these
 * decisions can be tested on their own.
 */

/** What a start achieved: every service asked for is running, completed (a one-shot command), failed, blocked or was cancelled. */
export interface StartOutcome {
  running: string[];
  completed: string[];
  failed: { name: string; error: string }[];
  /** `reason`: why it did not start ("waiting on db (failed)", "job completed (a one-shot command): …"). */
  blocked: { name: string; blockedBy: string[]; reason: string }[];
  cancelled: boolean;
}

export type StartResult = 'ok' | 'completed' | 'failed' | 'blocked' | 'cancelled';

export interface StartSteps {
  /** Whether the start was cancelled. */
  cancelled(): boolean;
  /** Starts a service whose dependencies are up. */
  start(name: string): Promise<Exclude<StartResult, 'blocked'>>;
  /** A service that will not start: `blockedBy` the dependencies that did not come up, none when the start was cancelled. */
  notStarting(name: string, blockedBy?: string[]): void;
}

/** Starts `order` (dependencies before dependents); resolves with how each one ended. */
export async function startInOrder(order: readonly string[], dependsOn: ReadonlyMap<string, readonly string[]>, steps: StartSteps): Promise<Map<string, StartResult>> {
  const results = new Map<string, Promise<StartResult>>();
  // In start order, so every dependency's promise exists before its dependents ask for it.
  for (const name of order) {
    const deps = (dependsOn.get(name) ?? []).filter((d) => results.has(d));
    results.set(name, Promise.all(deps.map((d) => results.get(d)!)).then(async (depResults): Promise<StartResult> => {
      if (steps.cancelled() || depResults.includes('cancelled')) {
        steps.notStarting(name);
        return 'cancelled';
      }
      const notUp = deps.filter((_, i) => depResults[i] !== 'ok');
      if (notUp.length > 0) {
        steps.notStarting(name, notUp);
        return 'blocked';
      }
      return steps.start(name);
    }));
  }
  return new Map(await Promise.all(order.map(async (name) => [name, await results.get(name)!] as const)));
}

/** The outcome of a start from how each service ended; `failure` and `blocked` say why. */
export function startOutcome(order: readonly string[], settled: ReadonlyMap<string, StartResult>, cancelled: boolean, why: {
  failure(name: string): string;
  blocked(name: string): { blockedBy: string[]; reason: string };
}): StartOutcome {
  const ended = (result: StartResult) => order.filter((n) => settled.get(n) === result);
  return {
    running: ended('ok'),
    completed: ended('completed'),
    failed: ended('failed').map((name) => ({ name, error: why.failure(name) })),
    blocked: ended('blocked').map((name) => ({ name, ...why.blocked(name) })),
    cancelled,
  };
}
