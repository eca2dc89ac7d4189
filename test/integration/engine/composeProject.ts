// An exported Compose folder driven by Debian's docker-compose (1.29, Compose v1 with the
// version-less Compose file): build, up, health waited on through the engine's events, down.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Engine } from './dockerd';

export interface ContainerState {
  status: string;
  health?: string;
}

export interface ComposeProject {
  /** `docker-compose -p <project> -f <dir>/compose.yaml <args>` to completion; throws with its output when it fails. */
  compose(args: string[]): string;
  /** The container of a service (the first replica). */
  container(service: string): string;
  /** Every container of a service (one per replica). */
  containers(service: string): string[];
  state(container: string): ContainerState;
  /** Resolves once every container of every service is healthy; rejects when one stops or the deadline passes, with the states and logs. */
  waitHealthy(services: string[], deadlineMs: number): Promise<void>;
}

export function composeProject(engine: Engine, dir: string, project: string): ComposeProject {
  const compose = (args: string[]) => {
    const result = spawnSync('docker-compose', ['--ansi', 'never', '-p', project, '-f', join(dir, 'compose.yaml'), ...args], {
      env: engine.env,
      encoding: 'utf8',
      timeout: 900_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`docker-compose ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    return result.stdout;
  };
  const containers = (service: string) => {
    const ids = compose(['ps', '-q', service]).split('\n').map((id) => id.trim()).filter(Boolean);
    if (ids.length === 0) throw new Error(`no container for ${service}`);
    return ids;
  };
  const container = (service: string) => containers(service)[0];
  const state = (id: string): ContainerState => {
    const [status, health] = engine.docker(['inspect', '--format', '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}', id]).trim().split(' ');
    return { status, ...(health ? { health } : {}) };
  };
  return {
    compose,
    container,
    containers,
    state,
    waitHealthy: (services, deadlineMs) =>
      new Promise((resolve, reject) => {
        // Every container event (health_status among them) is a reason to look again; no polling.
        const events = spawn('docker', ['events', '--filter', 'type=container', '--format', '{{.Action}}'], { env: engine.env, stdio: ['ignore', 'pipe', 'ignore'] });
        const found = services.flatMap((name) => containers(name).map((id) => ({ name, id })));
        let done = false;
        const finish = (error?: Error) => {
          done = true;
          clearTimeout(deadline);
          events.kill();
          if (error) reject(error);
          else resolve();
        };
        const report = () => found.map(({ name, id }) => `${name}: ${JSON.stringify(state(id))}\n${engine.docker(['logs', '--tail', '20', id], { stdio: ['ignore', 'pipe', 'pipe'] })}`).join('\n');
        const check = () => {
          if (done) return;
          const states = found.map(({ id }) => state(id));
          const stopped = states.findIndex((s) => s.status !== 'running' && s.status !== 'created');
          if (stopped >= 0) finish(new Error(`${found[stopped].name} stopped before it was healthy:\n${report()}`));
          else if (states.every((s) => s.health === 'healthy')) finish();
        };
        const deadline = setTimeout(() => finish(new Error(`not every service was healthy within ${deadlineMs / 1000} s:\n${report()}`)), deadlineMs);
        createInterface({ input: events.stdout! }).on('line', check);
        // The events stream is attached once the process runs; states that changed before are seen by this first look.
        events.once('spawn', check);
      }),
  };
}
