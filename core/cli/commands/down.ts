import { cleanLeftovers } from '../../runtime/leftovers';
import { processAlive } from '../../processAlive';
import { readState } from '../../runtime/stateStore';
import { ecosystemRoot } from '../ecosystemRoot';
import { exitCodes } from '../usageError';

export const downHelp = `pactown down <ecosystem.yaml>

Stops every service of the ecosystem, whichever process started them (a foreground
or detached \`pactown up\`, or VS Code): their supervisor stops them in reverse
dependency order; processes it left behind are stopped too.`;

/** Resolves once the process is gone, or with false at the deadline. */
function exitOf(pid: number, deadlineMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const end = Date.now() + deadlineMs;
    const look = () => {
      if (!processAlive(pid)) return resolve(true);
      if (Date.now() > end) return resolve(false);
      setTimeout(look, 10);
    };
    look();
  });
}

export async function down(file: string | undefined): Promise<number> {
  const { sandboxRoot } = await ecosystemRoot(file);
  const state = await readState(sandboxRoot);
  if (!state) {
    process.stdout.write('nothing is running\n');
    return exitCodes.ok;
  }
  if (state.controllerPid !== process.pid && processAlive(state.controllerPid)) {
    process.kill(state.controllerPid, 'SIGTERM');
    if (!(await exitOf(state.controllerPid, 30_000))) process.kill(state.controllerPid, 'SIGKILL');
  }
  const leftovers = await cleanLeftovers(sandboxRoot);
  process.stdout.write(`stopped${leftovers.length ? ` (and ${leftovers.length} leftover process group(s))` : ''}\n`);
  return exitCodes.ok;
}
