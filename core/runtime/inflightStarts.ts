import { setMaxListeners } from 'node:events';

/**
 * The starts (and installs) in progress, each with its own controller that follows the caller's
 * signal, so that down() or Ctrl+C can cancel them all at once. Apart from the orchestrator so
 * that a live apply's install is cancelled the same way.
 */
export class InflightStarts {
  private readonly controllers = new Map<AbortController, () => void>();

  /** A controller aborted by abortAll() and by `signal`; untrack() it when the start is over. */
  track(signal?: AbortSignal): AbortController {
    const abort = new AbortController();
    // Every service of a start listens to it (installs, health waits): not a leak.
    setMaxListeners(0, abort.signal);
    const follow = () => abort.abort();
    if (signal?.aborted) abort.abort();
    else signal?.addEventListener('abort', follow, { once: true });
    this.controllers.set(abort, () => signal?.removeEventListener('abort', follow));
    return abort;
  }

  /** Forgets a controller and stops following its caller's signal. */
  untrack(abort: AbortController): void {
    this.controllers.get(abort)?.();
    this.controllers.delete(abort);
  }

  abortAll(): void {
    for (const abort of this.controllers.keys()) abort.abort();
  }
}
