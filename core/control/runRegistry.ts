import { createHash } from 'node:crypto';
import { renameSync, unlinkSync, watch, writeFileSync } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireLock } from '../cache/lock';
import { canonicalPath } from '../runtime/canonicalPath';
import { membersOf, stopTarget, type RunMembership, type StopTarget } from '../runtime/runProcesses';
import { ControlClient, ControllerGone } from './controlClient';
import { ControlServer, type RequestHandler } from './controlServer';
import type { OwnerInfo, RunEvent } from './protocol';
import { parseRunRecord, type RunRecord } from './runRecord';
import { ensurePrivateDir, runsDirFor } from './runsDir';

export { canonicalPath };

/** What the registry knows of an ecosystem's run. */
export type FoundRun =
  | { state: 'none' }
  | { state: 'live'; client: ControlClient }
  /** Its controller no longer listens (crashed, killed): its processes may be left over. */
  | { state: 'gone'; record: RunRecord }
  /** Something listens but does not answer (a controller that hangs). */
  | { state: 'silent'; record: RunRecord; reason: string };

const keyOf = (ecosystem: string) => createHash('sha256').update(ecosystem).digest('hex').slice(0, 20);

/**
 * The runs of this user on this machine, one per ecosystem: `<key>.json` (the RunRecord),
 * `<key>.sock` (the owner's control socket) and `<key>.lock` (held while a run is claimed or
 * cleaned), in a private folder (see runsDir.ts).
 */
export class RunRegistry {
  constructor(readonly dir: string) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): RunRegistry {
    return new RunRegistry(runsDirFor(env));
  }

  /** The registry's files for an ecosystem (its canonical path). */
  files(ecosystem: string) {
    const key = keyOf(ecosystem);
    // Windows has named pipes where POSIX has Unix sockets.
    const socket = process.platform === 'win32' ? `\\\\.\\pipe\\pactown-${key}` : join(this.dir, `${key}.sock`);
    return { record: join(this.dir, `${key}.json`), socket, lock: join(this.dir, `${key}.lock`) };
  }

  async readRecord(ecosystem: string): Promise<RunRecord | undefined> {
    const text = await readFile(this.files(ecosystem).record, 'utf8').catch(() => undefined);
    const record = text === undefined ? undefined : parseRunRecord(text);
    return record?.ecosystem === ecosystem ? record : undefined;
  }

  /** Every recorded run (live or not). */
  async records(): Promise<RunRecord[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const found = await Promise.all(names.filter((n) => n.endsWith('.json')).map(async (n) => parseRunRecord(await readFile(join(this.dir, n), 'utf8').catch(() => ''))));
    return found.filter((r): r is RunRecord => !!r);
  }

  /** Looks an ecosystem's run up and, when its owner answers, returns a client connected to it. */
  async find(ecosystemPath: string, from?: string): Promise<FoundRun> {
    const ecosystem = await canonicalPath(ecosystemPath);
    const record = await this.readRecord(ecosystem);
    if (!record) return { state: 'none' };
    try {
      return { state: 'live', client: await ControlClient.connect(this.files(ecosystem).socket, from ? { from } : {}) };
    } catch (error) {
      if (error instanceof ControllerGone) return { state: 'gone', record };
      return { state: 'silent', record, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Runs `work` under the ecosystem's lock, with what the registry knows of its run now. */
  private async underLock<T>(ecosystemPath: string, work: (found: FoundRun, ecosystem: string, files: ReturnType<RunRegistry['files']>) => Promise<T>): Promise<T> {
    const ecosystem = await canonicalPath(ecosystemPath);
    const files = this.files(ecosystem);
    ensurePrivateDir(this.dir);
    const release = await acquireLock(files.lock, { timeoutMs: 15_000 });
    try {
      return await work(await this.find(ecosystem), ecosystem, files);
    } finally {
      await release();
    }
  }

  /**
   * Stops what a run whose controller is gone left running — only processes that carry its run
   * id — and forgets the run. Returns how many processes were found running.
   */
  cleanGone(ecosystemPath: string): Promise<number> {
    return this.underLock(ecosystemPath, async (found, _ecosystem, files) => {
      if (found.state === 'live') found.client.close();
      if (found.state !== 'gone') return 0;
      const stopped = await stopLeftovers(found.record);
      await unlink(files.record).catch(() => undefined);
      await unlink(files.socket).catch(() => undefined);
      return stopped;
    });
  }

  /**
   * Makes this process the owner of an ecosystem's run: under the ecosystem's lock, a live owner
   * wins (its client is returned), a gone one's leftovers are stopped, then this process listens
   * on the control socket and writes the record.
   */
  claim(ecosystemPath: string, run: { runId: string; sinceTicks: number; owner: OwnerInfo }, handle: RequestHandler): Promise<{ claim: RunClaim } | { live: ControlClient }> {
    return this.underLock(ecosystemPath, async (found, ecosystem, files): Promise<{ claim: RunClaim } | { live: ControlClient }> => {
      if (found.state === 'live') return { live: found.client };
      if (found.state === 'silent') throw new Error(`${ecosystemPath} is run by ${found.record.owner.label}, which does not answer (${found.reason}); try again, or end that process`);
      if (found.state === 'gone') await stopLeftovers(found.record);
      await unlink(files.socket).catch(() => undefined);
      const server = await ControlServer.listen(files.socket, { runId: run.runId, ecosystem, owner: run.owner }, handle);
      const record: RunRecord = { format: 1, ecosystem, runId: run.runId, owner: run.owner, sinceTicks: run.sinceTicks, startedAt: new Date().toISOString(), services: {} };
      const claim = new RunClaim(files, record, server);
      claim.save();
      return { claim };
    });
  }

  /** Calls `listener` (debounced) whenever a run appears, changes or goes; returns the way to stop watching. */
  watch(listener: () => void): () => void {
    ensurePrivateDir(this.dir);
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(this.dir, () => {
      clearTimeout(timer);
      timer = setTimeout(listener, 20);
    });
    watcher.on('error', () => undefined);
    return () => {
      clearTimeout(timer);
      watcher.close();
    };
  }
}

/** Stops the processes of a dead controller's run; returns how many were running. */
async function stopLeftovers(record: RunRecord): Promise<number> {
  const membership: RunMembership = { runId: record.runId, sinceTicks: record.sinceTicks };
  const running = membersOf(membership).length;
  const targets: StopTarget[] = [
    ...Object.entries(record.services).map(([service, { pid }]) => ({ membership: { ...membership, service }, pgid: pid })),
    { membership },
  ];
  await Promise.all(targets.map((target) => stopTarget(target, { graceMs: 3_000 })));
  return running;
}

/** This process owns a run: it serves its control socket and keeps its record current. */
export class RunClaim {
  private released = false;

  constructor(private readonly files: { record: string; socket: string }, readonly record: RunRecord, private readonly server: ControlServer) {}

  /** Records a service's new process. Synchronous: it is called before the process may run. */
  recordService(service: string, pid: number): void {
    this.record.services[service] = { pid };
    this.save();
  }

  broadcast(event: RunEvent): void {
    this.server.broadcast(event);
  }

  /** Writes the record (atomically: readers see the old or the new one). */
  save(): void {
    if (this.released) return;
    const temp = `${this.files.record}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.record), { mode: 0o600 });
    renameSync(temp, this.files.record);
  }

  /** The run is over: the record goes first (nobody looks for it any more), then the socket. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await unlink(this.files.record).catch(() => undefined);
    await this.server.close();
    await unlink(this.files.socket).catch(() => undefined);
  }

  /** The same, synchronously, for a process that is exiting now. */
  releaseNow(): void {
    this.released = true;
    for (const file of [this.files.record, this.files.socket]) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
  }
}
