import { EventEmitter } from 'node:events';
import type { Orchestrator } from '../runtime/orchestrator';
import type { StartOutcome } from '../runtime/startInOrder';
import type { ControlClient } from './controlClient';
import type { RequestHandler } from './controlServer';
import type { OwnerInfo, OwnerKind, RunSnapshot } from './protocol';
import { RunRegistry, type RunClaim } from './runRegistry';

/**
 * A run this process owns: its orchestrator, registered and served on the control socket, so
 * that any client (`pactown down/status/stop/restart`, a window) can see and steer it while
 * this process stays its owner.
 */
export class ServedRun extends EventEmitter<{ stoppedRemotely: [by: string] }> {
  readonly owner: OwnerInfo;

  private constructor(readonly orchestrator: Orchestrator, private readonly claim: RunClaim) {
    super();
    this.owner = claim.record.owner;
    orchestrator.onSpawn = (service, pid) => claim.recordService(service, pid);
    orchestrator.on('state', (service) => claim.broadcast({ type: 'event', event: 'state', service }));
    orchestrator.on('progress', (message) => claim.broadcast({ type: 'event', event: 'progress', message }));
    orchestrator.on('log', (service, line) => claim.broadcast({ type: 'event', event: 'log', service, line }));
    orchestrator.on('applied', (result) => claim.broadcast({ type: 'event', event: 'applied', result }));
  }

  /**
   * Registers this process as the run's owner, or — when another process already owns the
   * ecosystem's run — returns a client connected to that owner instead (one run per ecosystem).
   */
  static async serve(orchestrator: Orchestrator, owner: { kind: OwnerKind; label: string }, registry = RunRegistry.fromEnv()): Promise<{ run: ServedRun } | { live: ControlClient }> {
    let served: ServedRun | undefined;
    const handle: RequestHandler = (request) => {
      if (!served) return Promise.reject(new Error('the run is not ready yet'));
      return served.handle(request as never) as never;
    };
    const claimed = await registry.claim(orchestrator.ecosystemPath, { runId: orchestrator.runId, sinceTicks: orchestrator.sinceTicks, owner: { pid: process.pid, ...owner } }, handle);
    if ('live' in claimed) return claimed;
    served = new ServedRun(orchestrator, claimed.claim);
    return { run: served };
  }

  snapshot(): RunSnapshot {
    return { runId: this.orchestrator.runId, ecosystem: this.claim.record.ecosystem, owner: this.owner, services: this.orchestrator.statuses() };
  }

  /** The run is over: forget it in the registry and stop serving (its services must be stopped first). */
  end(): Promise<void> {
    return this.claim.release();
  }

  /** The same, synchronously (the process is exiting). */
  endNow(): void {
    this.claim.releaseNow();
  }

  private async handle(request: Parameters<RequestHandler>[0]): Promise<unknown> {
    const o = this.orchestrator;
    switch (request.op) {
      case 'status':
      case 'subscribe':
        return this.snapshot();
      case 'start':
        // Services added to the file since the run began can be started by name.
        await o.reload();
        this.checkNames(request.services);
        return o.up({ ...(request.services ? { only: request.services } : {}), ...(request.abortOnFailure ? { abortOnFailure: true } : {}) });
      case 'stop': {
        this.checkNames(request.services);
        if (request.services) {
          const stopped = await Promise.all(request.services.map((name) => o.stopService(name)));
          return { stopped: stopped.every(Boolean), services: o.statuses() };
        }
        const stopped = await o.down();
        this.claim.broadcast({ type: 'event', event: 'stopped', by: request.from });
        // After the reply is written: the owner then ends the run (a CLI exits, a window shows it stopped).
        setImmediate(() => this.emit('stoppedRemotely', request.from));
        return { stopped, services: o.statuses() };
      }
      case 'restart':
        return this.restart(request.services);
      case 'apply':
        return o.apply(request.files ? { changed: request.files } : {});
    }
  }

  private async restart(services: string[] | undefined): Promise<StartOutcome> {
    const o = this.orchestrator;
    await o.reload();
    this.checkNames(services);
    if (services) await Promise.all(services.map((name) => o.stopService(name)));
    else await o.down();
    return o.up(services ? { only: services } : {});
  }

  private checkNames(services: string[] | undefined): void {
    const unknown = services?.filter((name) => !this.orchestrator.config.services.some((s) => s.name === name)) ?? [];
    if (unknown.length > 0) throw new Error(`no service ${unknown.map((n) => `'${n}'`).join(', ')} in ${this.orchestrator.ecosystemPath} (services: ${this.orchestrator.config.services.map((s) => s.name).join(', ')})`);
  }
}
