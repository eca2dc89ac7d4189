import { Orchestrator } from '../../runtime/orchestrator';
import { readmeEcosystem } from '../../runtime/readmeEcosystem';
import { loadInput } from '../loadInput';
import { UsageError } from '../usageError';
import { runForeground } from './up';

export const runHelp = `pactown run <README.md> [--port N] [--watch]

Runs one markpact README as a single service in the foreground (sandbox in .pactown/
beside the README), on port N (default 8000, or the next free one). Ctrl+C stops it;
\`pactown down README.md\` from elsewhere too. --watch restarts it when the README (or a
file it includes) is saved, if the save has no errors (see pactown up --help).
A one-shot command (one that exits 0 before it answers on its port, a CLI) prints its
output and is completed: run exits 0.`;

export async function run(file: string | undefined, port: string | undefined, watch = false): Promise<number> {
  const input = await loadInput(file, 'readme');
  const portNumber = port === undefined ? 8000 : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65_535) throw new UsageError('--port must be an integer from 1 to 65535');
  const ecosystem = readmeEcosystem(input.path, portNumber);
  const orchestrator = await Orchestrator.fromText(ecosystem.path, ecosystem.text);
  return runForeground(orchestrator, { kind: 'cli', label: `pactown run (pid ${process.pid})`, streamLogs: true, ...(watch ? { watch } : {}) });
}
