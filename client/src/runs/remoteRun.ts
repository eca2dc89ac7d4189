import { EventEmitter } from 'node:events';
import type { ControlClient } from '../../../core/control/controlClient';
import type { OwnerInfo, RunSnapshot } from '../../../core/control/protocol';
import type { ApplyResult } from '../../../core/runtime/apply/result';
import type { StartOutcome } from '../../../core/runtime/startInOrder';
import type { ReportedService } from '../../../core/runtime/serviceStatus';

/**
 * A run another process owns (`pactown up`, the detached supervisor, another window), mirrored
 * from its control socket: a snapshot, then every state event. Plain Node: no VS Code here.
 */
export class RemoteRun extends EventEmitter<{ state: [ReportedService]; progress: [string]; stopped: [by: string]; applied: [ApplyResult]; closed: [] }> {
  private readonly services: Map<string, ReportedService>;

  private constructor(private readonly client: ControlClient, snapshot: RunSnapshot) {
    super();
    this.services = new Map(snapshot.services.map((s) => [s.name, s]));
    client.on('event', (event) => {
      if (event.event === 'state') {
        this.services.set(event.service.name, event.service);
        this.emit('state', event.service);
      } else if (event.event === 'progress') this.emit('progress', event.message);
      else if (event.event === 'stopped') this.emit('stopped', event.by);
      else if (event.event === 'applied') this.emit('applied', event.result);
    });
    client.once('close', () => this.emit('closed'));
  }

  static async follow(client: ControlClient): Promise<RemoteRun> {
    const snapshot = await client.request('subscribe', {});
    return new RemoteRun(client, snapshot);
  }

  get owner(): OwnerInfo {
    return this.client.hello.owner;
  }

  get closed(): boolean {
    return this.client.isClosed;
  }

  statuses(order: readonly string[]): ReportedService[] {
    const listed = order.flatMap((name) => this.services.get(name) ?? []);
    return [...listed, ...[...this.services.values()].filter((s) => !order.includes(s.name))];
  }

  start(services: string[] | undefined): Promise<StartOutcome> {
    return this.client.request('start', services ? { services } : {}, 30 * 60_000);
  }

  restart(services: string[] | undefined): Promise<StartOutcome> {
    return this.client.request('restart', services ? { services } : {}, 30 * 60_000);
  }

  /** Asks the owner to apply these saved files to its run (it answers `unrelated` when they are not the run's). */
  apply(files: string[]): Promise<ApplyResult> {
    return this.client.request('apply', { files }, 30 * 60_000);
  }

  async stop(services: string[] | undefined): Promise<boolean> {
    return (await this.client.request('stop', services ? { services } : {}, 120_000)).stopped;
  }

  close(): void {
    this.client.close();
  }
}
