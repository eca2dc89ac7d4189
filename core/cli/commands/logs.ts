import { createReadStream, watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ecosystemRoot } from '../ecosystemRoot';
import { exitCodes, UsageError } from '../usageError';

export const logsHelp = `pactown logs <ecosystem.yaml> [service] [--follow]

Prints the last lines of every service's log (or one service's), with timestamps;
--follow keeps printing new lines until Ctrl+C.`;

export async function logs(file: string | undefined, service: string | undefined, follow: boolean): Promise<number> {
  const { config, sandboxRoot } = await ecosystemRoot(file);
  if (service && !config.services.some((s) => s.name === service)) throw new UsageError(`no service '${service}' (services: ${config.services.map((s) => s.name).join(', ')})`);
  const names = service ? [service] : config.services.map((s) => s.name);
  const files = names.map((name) => ({ name, path: join(sandboxRoot, 'logs', `${name}.log`) }));
  for (const { name, path } of files) {
    const text = await readFile(path, 'utf8').catch(() => '');
    for (const line of text.split('\n').filter(Boolean).slice(-100)) process.stdout.write(names.length > 1 ? `[${name}] ${line}\n` : `${line}\n`);
  }
  if (!follow) return exitCodes.ok;
  const offsets = new Map<string, number>();
  for (const { path } of files) offsets.set(path, (await stat(path).catch(() => ({ size: 0 }))).size);
  const printNew = async (name: string, path: string) => {
    const size = (await stat(path).catch(() => ({ size: 0 }))).size;
    const from = offsets.get(path) ?? 0;
    if (size <= from) return;
    offsets.set(path, size);
    for await (const chunk of createReadStream(path, { start: from, end: size - 1, encoding: 'utf8' })) {
      process.stdout.write(names.length > 1 ? String(chunk).replace(/^(?=.)/gm, `[${name}] `) : String(chunk));
    }
  };
  const watcher = watch(join(sandboxRoot, 'logs'), (_event, changed) => {
    const match = files.find((f) => f.path.endsWith(`/${changed}`));
    if (match) void printNew(match.name, match.path);
  });
  return new Promise((resolve) => {
    process.once('SIGINT', () => {
      watcher.close();
      resolve(exitCodes.ok);
    });
  });
}
