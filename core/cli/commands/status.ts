import { reportedStatuses } from '../../runtime/runReport';
import { readState } from '../../runtime/stateStore';
import { ecosystemRoot } from '../ecosystemRoot';
import { exitCodes } from '../usageError';

export const statusHelp = `pactown status <ecosystem.yaml> [--json]

Shows each service's state (starting, running, restarting, failed, stopped), pid,
port, health, restarts and URL, as recorded by whichever process runs them.`;

export async function status(file: string | undefined, json: boolean): Promise<number> {
  const { config, sandboxRoot } = await ecosystemRoot(file);
  const rows = reportedStatuses(config, await readState(sandboxRoot)).map(({ cacheKey: _key, cacheHit: _hit, ...row }) => ({ ...row, pid: row.pid ?? null }));
  if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else for (const r of rows) process.stdout.write(`${r.name.padEnd(20)} ${r.state.padEnd(10)} ${String(r.pid ?? '-').padEnd(8)} ${r.url}${r.restarts ? `  restarts=${r.restarts}` : ''}\n`);
  return exitCodes.ok;
}
