import { groupAlive } from '../../runtime/serviceProcess';
import { processAlive } from '../../processAlive';
import { readState } from '../../runtime/stateStore';
import { ecosystemRoot } from '../ecosystemRoot';
import { exitCodes } from '../usageError';

export const statusHelp = `pactown status <ecosystem.yaml> [--json]

Shows each service's state (starting, running, restarting, failed, stopped), pid,
port, health, restarts and URL, as recorded by whichever process runs them.`;

export async function status(file: string | undefined, json: boolean): Promise<number> {
  const { config, sandboxRoot } = await ecosystemRoot(file);
  const state = await readState(sandboxRoot);
  const controllerUp = !!state && processAlive(state.controllerPid);
  const rows = config.services.map((service) => {
    const recorded = state?.services[service.name];
    const alive = controllerUp && !!recorded?.pgid && groupAlive(recorded.pgid);
    const live = recorded && controllerUp && (alive || recorded.state === 'restarting' || recorded.state === 'failed');
    return {
      name: service.name,
      state: live ? recorded.state : 'stopped',
      pid: live && alive ? (recorded.pid ?? null) : null,
      port: recorded?.port ?? service.port,
      healthy: !!(live && recorded.healthy),
      restarts: recorded?.restarts ?? 0,
      url: `http://127.0.0.1:${recorded?.port ?? service.port}`,
      ...(live && recorded.error ? { error: recorded.error } : {}),
    };
  });
  if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else for (const r of rows) process.stdout.write(`${r.name.padEnd(20)} ${r.state.padEnd(10)} ${String(r.pid ?? '-').padEnd(8)} ${r.url}${r.restarts ? `  restarts=${r.restarts}` : ''}\n`);
  return exitCodes.ok;
}
