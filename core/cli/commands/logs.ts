import { join } from 'node:path';
import { LogFollower } from '../../runtime/logFollower';
import { ecosystemRoot } from '../ecosystemRoot';
import { exitCodes, UsageError } from '../usageError';

export const logsHelp = `pactown logs <ecosystem.yaml> [service] [--follow]

Prints the last lines of every service's log (or one service's), with timestamps;
--follow keeps printing new lines until Ctrl+C.`;

export async function logs(file: string | undefined, service: string | undefined, follow: boolean): Promise<number> {
  const { config, sandboxRoot } = await ecosystemRoot(file);
  if (service && !config.services.some((s) => s.name === service)) throw new UsageError(`no service '${service}' (services: ${config.services.map((s) => s.name).join(', ')})`);
  const names = service ? [service] : config.services.map((s) => s.name);
  const followers = names.map((name) => {
    const print = (text: string) => process.stdout.write(names.length > 1 ? text.replace(/^(?=.)/gm, `[${name}] `) : text);
    return new LogFollower(join(sandboxRoot, 'logs', `${name}.log`), print);
  });
  for (const follower of followers) await follower.start(100, follow);
  if (!follow) return exitCodes.ok;
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        for (const follower of followers) follower.close();
        resolve(exitCodes.ok);
      });
    }
  });
}
