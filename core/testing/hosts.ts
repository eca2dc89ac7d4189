import type { ControlClient } from '../control/controlClient';
import type { RunEvent } from '../control/protocol';
import type { Orchestrator } from '../runtime/orchestrator';
import type { ReportedService } from '../runtime/serviceStatus';
import type { TestHost } from './session';

/** A run this process owns. */
export function orchestratorHost(orchestrator: Orchestrator): TestHost {
  return {
    statuses: () => orchestrator.statuses(),
    async start(services, { restart, signal }) {
      if (restart) await Promise.all(services.map((name) => orchestrator.stopService(name)));
      return orchestrator.up({ only: services, signal });
    },
    onState(listener) {
      orchestrator.on('state', listener);
      return () => orchestrator.off('state', listener);
    },
  };
}

/** A run another process owns, steered through its control socket (it stays the owner). The client must be subscribed. */
export function controlHost(client: ControlClient): TestHost {
  return {
    statuses: async () => (await client.request('status', {})).services,
    start(services, { restart, signal }) {
      // Cancelling asks the owner to stop what it was asked to start.
      const cancel = () => void client.request('stop', { services }, 120_000).catch(() => undefined);
      signal.addEventListener('abort', cancel, { once: true });
      return client.request(restart ? 'restart' : 'start', { services }, 30 * 60_000).finally(() => signal.removeEventListener('abort', cancel));
    },
    onState(listener: (status: ReportedService) => void) {
      const onEvent = (event: RunEvent) => {
        if (event.event === 'state') listener(event.service);
      };
      client.on('event', onEvent);
      return () => client.off('event', onEvent);
    },
  };
}
