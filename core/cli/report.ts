import type { EcosystemConfig } from '../pactown/model';
import type { ApplyResult } from '../runtime/apply/result';
import type { StartOutcome } from '../runtime/startInOrder';
import { stateText, type ServiceStatus } from '../runtime/serviceStatus';

const marks: Record<string, string> = { running: '✔', completed: '✓', failed: '✖', blocked: '⊘', restarting: '↻', starting: '…', stopped: '■' };

/** One line per state change, as `up` prints them. */
export function stateLine(s: ServiceStatus): string {
  const where = s.state === 'running' ? ` ${s.url} (pid ${s.pid})` : '';
  const notStarted = `${s.name}: not started: `;
  const why = s.state !== 'blocked' ? '' : s.error?.startsWith(notStarted) ? `: ${s.error.slice(notStarted.length)}` : s.blockedBy ? `: waiting on ${s.blockedBy.join(', ')}` : '';
  return `${marks[s.state] ?? ' '} ${s.name} ${stateText(s.state)}${where}${why}${s.restarts ? ` restarts=${s.restarts}` : ''}`;
}

/**
 * What a start achieved, for people: a summary line on stdout, each failure's reason and each
 * blocked service on stderr. Returns whether everything asked for runs or completed.
 */
export function reportOutcome(outcome: StartOutcome): boolean {
  const { running, completed, failed, blocked } = outcome;
  const asked = running.length + completed.length + failed.length + blocked.length;
  for (const f of failed) process.stderr.write(`pactown: ${f.error}\n`);
  for (const b of blocked) process.stderr.write(`pactown: ${b.name} not started: ${b.reason}\n`);
  if (outcome.cancelled && failed.length === 0) {
    process.stderr.write('pactown: start cancelled; what it had started was stopped\n');
    return false;
  }
  const done = completed.length ? `${completed.length} completed (exit 0)` : '';
  if (failed.length === 0 && blocked.length === 0) {
    process.stdout.write(`${completed.length === 0 ? `all ${asked} service${asked === 1 ? '' : 's'} healthy` : `${running.length ? `${running.length} healthy, ` : ''}${done}`}\n`);
    return true;
  }
  process.stdout.write(`${running.length} of ${asked} service${asked === 1 ? '' : 's'} running; ${done ? `${done}, ` : ''}${failed.length} failed${blocked.length ? `, ${blocked.length} blocked` : ''}\n`);
  return false;
}

/** Each service's port as the ecosystem file sets it (or pactown assigns it from base_port). */
export function configuredPorts(config: EcosystemConfig): Record<string, number> {
  return Object.fromEntries(config.services.map((s) => [s.name, s.port]));
}

/** Why a running service is not on the port the ecosystem file gives it ("port 8001 was taken by api"), if it is not. */
export function portMoved(s: Pick<ServiceStatus, 'name' | 'port'>, running: readonly Pick<ServiceStatus, 'name' | 'port'>[], configured: Readonly<Record<string, number>>): string | undefined {
  const wanted = configured[s.name];
  if (wanted === undefined || wanted === s.port) return undefined;
  const holder = running.find((other) => other.name !== s.name && other.port === wanted);
  return `port ${wanted} ${holder ? `was taken by ${holder.name}` : 'was busy'}`;
}

/** Where each running service answers, a line each, saying so when its own port was taken. */
export function printUrls(services: readonly ServiceStatus[], configured: Readonly<Record<string, number>>): void {
  const running = services.filter((s) => s.state === 'running');
  const width = running.reduce((widest, s) => Math.max(widest, s.name.length), 0);
  for (const s of running) {
    const moved = portMoved(s, running, configured);
    process.stdout.write(`  ${s.name.padEnd(width)}  ${s.url}${moved ? `  (${moved})` : ''}\n`);
  }
}

/** What a live apply did, for people: its summary with how long it took, then each service that did not come back and why. */
export function reportApply(result: ApplyResult): boolean {
  const failed = result.services.filter((s) => s.outcome === 'failed' || s.outcome === 'blocked' || s.outcome === 'cancelled');
  const took = result.applied && result.services.length > 0 ? ` (${result.durationMs} ms)` : '';
  (result.applied ? process.stdout : process.stderr).write(`${result.applied ? '' : 'pactown: '}${result.summary}${took}\n`);
  for (const s of failed) process.stderr.write(`pactown: ${s.error ?? `${s.name}: ${s.note}`}\n`);
  return result.applied && failed.length === 0;
}
