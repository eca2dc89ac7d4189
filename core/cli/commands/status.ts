import { membersOf } from '../../runtime/runProcesses';
import { stateText, stoppedStatus, type ReportedService } from '../../runtime/serviceStatus';
import { configuredPorts, portMoved } from '../report';
import { cliCaller, runTarget } from '../runTarget';
import { tableLines } from '../table';
import { exitCodes } from '../usageError';

export const statusHelp = `pactown status <ecosystem.yaml | README.md> [--json]

Shows who owns the run, then a table of the services: NAME, STATE (starting, running,
restarting, completed (exit 0): a one-shot command, failed, blocked, stopped), PORT, PID, HEALTH, RESTARTS and URL, as the run's
owner reports it (a terminal or a VS Code window), with why a failed service failed
(or why a service is not on its own port) below its row. --json: an array of
{name, state, pid, port, healthy, restarts, url, error?, blockedBy?}.`;

export async function status(file: string | undefined, json: boolean): Promise<number> {
  const target = await runTarget(file);
  const found = await target.registry.find(target.ecosystemPath, cliCaller('status'));
  let services: ReportedService[] = target.config.services.map((s) => stoppedStatus(s.name, s.port));
  let note = 'not running';
  if (found.state === 'live') {
    const snapshot = await found.client.request('status', {});
    found.client.close();
    services = snapshot.services;
    note = `owned by ${snapshot.owner.label}`;
  } else if (found.state === 'gone') {
    const { runId, sinceTicks, owner } = found.record;
    note = `its owner (${owner.label}) is gone; \`pactown down\` stops what it left running`;
    // What still runs of it, found by the run id its processes carry (never by a recorded pid alone).
    services = services.map((s) => {
      const left = membersOf({ runId, sinceTicks, service: s.name });
      return left.length === 0 ? s : { ...s, state: 'running', pid: left[0].pid, error: `${s.name}: left running by ${owner.label}, which is gone` };
    });
  } else if (found.state === 'silent') {
    note = `its owner (${found.record.owner.label}) does not answer`;
  }
  const rows = services.map(({ cacheKey: _key, cacheHit: _hit, ...row }) => ({ ...row, pid: row.pid ?? null }));
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return exitCodes.ok;
  }
  process.stdout.write(`${note}\n`);
  const [header, ...lines] = tableLines(columns, rows.map((r) => [r.name, stateText(r.state), String(r.port), String(r.pid ?? '-'), health(r), String(r.restarts), r.url]));
  process.stdout.write(`${header}\n`);
  const running = rows.filter((r) => r.state === 'running');
  const configured = configuredPorts(target.config);
  rows.forEach((r, i) => {
    process.stdout.write(`${lines[i]}\n`);
    if (r.error) process.stdout.write(`${r.error.replace(/^/gm, '    ')}\n`);
    const moved = r.state === 'running' ? portMoved(r, running, configured) : undefined;
    if (moved) process.stdout.write(`    ${moved}; moved to ${r.port}\n`);
  });
  return exitCodes.ok;
}

const columns = ['NAME', 'STATE', 'PORT', 'PID', 'HEALTH', 'RESTARTS', 'URL'];

/** Health means something only while a process is up. */
function health(s: Pick<ReportedService, 'healthy' | 'state'>): string {
  if (s.healthy) return 'healthy';
  return s.state === 'running' || s.state === 'starting' || s.state === 'restarting' ? 'unhealthy' : '-';
}
