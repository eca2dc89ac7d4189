import { processAlive } from '../../processAlive';
import { membersOf, waitFor } from '../../runtime/runProcesses';
import { cliCaller, runTarget } from '../runTarget';
import { exitCodes } from '../usageError';

export const downHelp = `pactown down <ecosystem.yaml | README.md>

Stops every service of the run, whichever process owns it (a foreground or detached
\`pactown up\`, or a VS Code window): the owner stops them dependents first, then a
CLI owner exits and a window shows them stopped. Prints "stopped" only once no
process of the run is left. If the owner is gone (crashed, killed), the processes it
left behind are stopped — only those that carry the run's id.`;

export async function down(file: string | undefined): Promise<number> {
  const target = await runTarget(file);
  const found = await target.registry.find(target.ecosystemPath, cliCaller('down'));
  if (found.state === 'none') {
    process.stdout.write('nothing is running\n');
    return exitCodes.ok;
  }
  if (found.state === 'silent') {
    process.stderr.write(`pactown: the run's owner, ${found.record.owner.label}, does not answer (${found.reason}); nothing was stopped\n`);
    return exitCodes.failed;
  }
  if (found.state === 'gone') {
    const left = await target.registry.cleanGone(target.ecosystemPath);
    process.stdout.write(`the run's owner (${found.record.owner.label}) is gone; ${left > 0 ? `stopped ${left} process${left === 1 ? '' : 'es'} it left running` : 'nothing of it was left running'}\n`);
    return exitCodes.ok;
  }
  const { client } = found;
  const { owner, runId } = client.hello;
  try {
    const result = await client.request('stop', {}, 120_000);
    // The owner has waited for every process; check from here too before saying so.
    const gone = await waitFor(() => membersOf({ runId, sinceTicks: 0 }).length === 0, 5_000);
    // A CLI owner exits after its reply: "stopped" waits for that too, so nothing of the run is left.
    // The pid came from the owner's own greeting on its socket; it is only watched, never signalled.
    const ownerGone = owner.kind === 'window' || (await waitFor(() => !processAlive(owner.pid), 5_000));
    if (!ownerGone) process.stderr.write(`pactown: ${owner.label} stopped the run but has not exited yet\n`);
    if (!result.stopped || !gone) {
      const left = membersOf({ runId, sinceTicks: 0 }).map((p) => p.pid);
      process.stderr.write(`pactown: some processes of the run did not stop${left.length ? `: ${left.join(', ')}` : ''}\n`);
      return exitCodes.failed;
    }
    process.stdout.write(`stopped${owner.kind === 'window' ? ` (${owner.label} shows it stopped)` : ''}\n`);
    return exitCodes.ok;
  } finally {
    client.close();
  }
}
