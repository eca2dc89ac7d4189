import { basename, dirname, join } from 'node:path';
import { Orchestrator } from '../../runtime/orchestrator';
import { loadInput } from '../loadInput';
import { UsageError } from '../usageError';
import { runForeground } from './up';

export const runHelp = `pactown run <README.md> [--port N]

Runs one markpact README as a single service in the foreground (sandbox in .pactown/
beside the README), on port N (default 8000, or the next free one). Ctrl+C stops it.`;

export async function run(file: string | undefined, port: string | undefined): Promise<number> {
  const input = await loadInput(file, 'readme');
  const portNumber = port === undefined ? 8000 : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65_535) throw new UsageError('--port must be an integer from 1 to 65535');
  const folder = dirname(input.path);
  const name = basename(folder).replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'app';
  // A one-service ecosystem, so a single README runs exactly as it would inside one.
  const text = `name: ${JSON.stringify(name)}\nservices:\n  ${JSON.stringify(name)}:\n    readme: ${JSON.stringify(basename(input.path))}\n    port: ${portNumber}\n`;
  const orchestrator = await Orchestrator.fromText(join(folder, `${name}.pactown.yaml`), text);
  return runForeground(orchestrator, { streamLogs: true });
}

