import { join } from 'node:path';
import type { LogLine } from '../../runtime/logBuffer';
import { LogFollower } from '../../runtime/logFollower';
import { cliCaller, runTarget } from '../runTarget';
import { exitCodes, UsageError } from '../usageError';

export const logsHelp = `pactown logs <ecosystem.yaml | README.md> [service] [--follow]

Prints the last lines of every service's log (or one service's), with timestamps;
--follow then prints each new line as the run's owner reports it, until the run
ends or Ctrl+C.`;

const format = (line: LogLine) => `${new Date(line.time).toISOString()} ${line.stream} | ${line.text}`;

export async function logs(file: string | undefined, service: string | undefined, follow: boolean): Promise<number> {
  const target = await runTarget(file);
  const { config, sandboxRoot } = target;
  if (service && !config.services.some((s) => s.name === service)) throw new UsageError(`no service '${service}' (services: ${config.services.map((s) => s.name).join(', ')})`);
  const names = service ? [service] : config.services.map((s) => s.name);
  const print = (name: string, text: string) => process.stdout.write(names.length > 1 ? text.replace(/^(?=.)/gm, `[${name}] `) : text);
  // Subscribed before the files are read, so no line falls between the two; lines already in a file are not printed twice.
  const found = follow ? await target.registry.find(target.ecosystemPath, cliCaller('logs')) : undefined;
  const live: { name: string; line: LogLine }[] = [];
  const printedUpTo = new Map<string, number>();
  let replaying = true;
  if (found?.state === 'live') {
    found.client.on('event', (event) => {
      if (event.event !== 'log' || !names.includes(event.service)) return;
      if (replaying) live.push({ name: event.service, line: event.line });
      else print(event.service, `${format(event.line)}\n`);
    });
    await found.client.request('subscribe', { logs: true });
  }
  for (const name of names) {
    let last = 0;
    await new LogFollower(join(sandboxRoot, 'logs', `${name}.log`), (text) => {
      print(name, text);
      const stamp = /^(\S+) \S+ \| .*$/m.exec(text.trimEnd().split('\n').pop() ?? '');
      last = stamp ? Date.parse(stamp[1]) : last;
    }).start(100, false);
    printedUpTo.set(name, last);
  }
  replaying = false;
  for (const { name, line } of live) if (line.time > (printedUpTo.get(name) ?? 0)) print(name, `${format(line)}\n`);
  if (!follow) return exitCodes.ok;
  if (found?.state !== 'live') {
    process.stderr.write('pactown: the ecosystem is not running; nothing more to follow\n');
    return exitCodes.ok;
  }
  const { client } = found;
  return new Promise((resolve) => {
    client.once('close', () => resolve(exitCodes.ok));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        client.close();
        resolve(exitCodes.ok);
      });
    }
  });
}
