import { join } from 'node:path';
import type { LogLine } from '../../runtime/logBuffer';
import { paint, wantsColor } from '../colors';
import { parseSince, parseTail } from '../logOptions';
import { checkServiceNames, cliCaller, runTarget } from '../runTarget';
import { mergeLogs, readLog } from '../serviceLogs';
import { exitCodes } from '../usageError';
import { folderName } from '../../pactown/serviceName';

export const logsHelp = `pactown logs <ecosystem.yaml | README.md> [service…] [-n N] [--since T] [--follow] [--no-color]

Prints the services' logs (all, or the ones named) merged in time order, each line
after its service's name (coloured on a terminal) and with its timestamp.
  -n, --tail N     the last N lines of the merged output (default 100; 'all')
  --since T        only lines from T on: a duration back from now (30s, 10m, 2h, 1d)
                   or a date and time (2026-12-01T10:00:00Z)
  -f, --follow     then each new line as the run's owner reports it, until the run
                   ends or Ctrl+C
  --no-color       no colours (also when NO_COLOR is set, or not on a terminal)`;

export interface LogsOptions {
  follow: boolean;
  tail: string | undefined;
  since: string | undefined;
  noColor: boolean;
}

const defaultTail = 100;

const format = (line: LogLine) => `${new Date(line.time).toISOString()} ${line.stream} | ${line.text}`;

export async function logs(file: string | undefined, services: string[], options: LogsOptions): Promise<number> {
  const target = await runTarget(file);
  const { config, sandboxRoot } = target;
  checkServiceNames(config, services);
  const tail = options.tail === undefined ? defaultTail : parseTail(options.tail);
  const since = options.since === undefined ? undefined : parseSince(options.since, Date.now());
  const names = services.length > 0 ? [...new Set(services)] : config.services.map((s) => s.name);
  const prefix = prefixes(names, config.services.map((s) => s.name), wantsColor(process.stdout, options.noColor, process.env));
  const print = (name: string, line: string) => process.stdout.write(`${prefix.get(name)}${line}\n`);
  // Subscribed before the files are read, so no line falls between the two; lines already in a file are not printed twice.
  const found = options.follow ? await target.registry.find(target.ecosystemPath, cliCaller('logs')) : undefined;
  const live: { name: string; line: LogLine }[] = [];
  let replaying = true;
  if (found?.state === 'live') {
    found.client.on('event', (event) => {
      if (event.event !== 'log' || !names.includes(event.service)) return;
      if (replaying) live.push({ name: event.service, line: event.line });
      else print(event.service, format(event.line));
    });
    await found.client.request('subscribe', { logs: true });
  }
  const files = await Promise.all(names.map((name) => readLog(name, join(sandboxRoot, 'logs', `${folderName(name)}.log`))));
  for (const entry of mergeLogs(files, { since, tail })) print(entry.service, entry.line);
  const lastInFile = new Map(files.map((lines, i) => [names[i], lines.at(-1)?.time ?? 0]));
  replaying = false;
  for (const { name, line } of live) if (line.time > (lastInFile.get(name) ?? 0)) print(name, format(line));
  if (!options.follow) return exitCodes.ok;
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

/** Each shown service's name, padded to the longest, coloured by its place in the ecosystem. */
function prefixes(shown: string[], all: string[], color: boolean): Map<string, string> {
  const width = shown.reduce((widest, name) => Math.max(widest, name.length), 0);
  return new Map(shown.map((name) => {
    const label = `${name.padEnd(width)} |`;
    return [name, `${color ? paint(label, all.indexOf(name)) : label} `];
  }));
}
