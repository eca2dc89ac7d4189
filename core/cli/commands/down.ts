import { stopReportedRun } from '../../runtime/runReport';
import { readState } from '../../runtime/stateStore';
import { ecosystemRoot } from '../ecosystemRoot';
import { exitCodes } from '../usageError';

export const downHelp = `pactown down <ecosystem.yaml>

Stops every service of the ecosystem, whichever process started them (a foreground
or detached \`pactown up\`, or VS Code): their supervisor stops them in reverse
dependency order; processes it left behind are stopped too.`;

export async function down(file: string | undefined): Promise<number> {
  const { sandboxRoot } = await ecosystemRoot(file);
  if (!(await readState(sandboxRoot))) {
    process.stdout.write('nothing is running\n');
    return exitCodes.ok;
  }
  const { leftovers } = await stopReportedRun(sandboxRoot);
  process.stdout.write(`stopped${leftovers ? ` (and ${leftovers} leftover process group(s))` : ''}\n`);
  return exitCodes.ok;
}
