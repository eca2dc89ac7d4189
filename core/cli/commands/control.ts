import { reportApply, reportOutcome } from '../report';
import { checkServiceNames, cliCaller, runTarget } from '../runTarget';
import { exitCodes } from '../usageError';

export const stopHelp = `pactown stop <ecosystem.yaml> [service…]

Asks the run's owner (a terminal or a VS Code window) to stop these services; the
owner stays the owner. Without services, the same as \`pactown down\`.`;

export const restartHelp = `pactown restart <ecosystem.yaml> [service…]

Asks the run's owner to restart these services (or the whole run) and waits until
they are healthy; the owner stays the owner. Exit 1 if any does not come back.`;

export const applyHelp = `pactown apply <ecosystem.yaml | README.md>

Asks the run's owner to apply the files as they are now (what \`up --watch\` and VS Code
do on save): services whose README or ecosystem entry changed restart, added ones
start, removed ones stop, the others keep running. Nothing changes when the ecosystem
file, or a README it would apply, has errors (the first one is printed). Exit 1 when
it is not applied or a service does not come back.`;

export async function applyFiles(file: string | undefined): Promise<number> {
  const target = await runTarget(file);
  const found = await target.registry.find(target.ecosystemPath, cliCaller('apply'));
  if (found.state !== 'live') {
    process.stderr.write(`pactown: ${found.state === 'silent' ? `the run's owner does not answer (${found.reason})` : `not running; start it with: pactown up ${file}`}\n`);
    return exitCodes.failed;
  }
  try {
    return reportApply(await found.client.request('apply', {}, 30 * 60_000)) ? exitCodes.ok : exitCodes.failed;
  } finally {
    found.client.close();
  }
}

export async function stopServices(file: string | undefined, services: string[]): Promise<number> {
  const target = await runTarget(file);
  checkServiceNames(target.config, services);
  const found = await target.registry.find(target.ecosystemPath, cliCaller('stop'));
  if (found.state !== 'live') {
    process.stdout.write(found.state === 'silent' ? `the run's owner does not answer (${found.reason})\n` : 'nothing is running\n');
    return found.state === 'silent' ? exitCodes.failed : exitCodes.ok;
  }
  try {
    const result = await found.client.request('stop', services.length > 0 ? { services } : {}, 120_000);
    process.stdout.write(`${result.stopped ? 'stopped' : 'some processes did not stop:'} ${services.length > 0 ? services.join(', ') : 'the run'} (owner: ${found.client.hello.owner.label})\n`);
    return result.stopped ? exitCodes.ok : exitCodes.failed;
  } finally {
    found.client.close();
  }
}

export async function restartServices(file: string | undefined, services: string[]): Promise<number> {
  const target = await runTarget(file);
  checkServiceNames(target.config, services);
  const found = await target.registry.find(target.ecosystemPath, cliCaller('restart'));
  if (found.state !== 'live') {
    process.stderr.write(`pactown: ${found.state === 'silent' ? `the run's owner does not answer (${found.reason})` : `not running; start it with: pactown up ${file}`}\n`);
    return exitCodes.failed;
  }
  try {
    const outcome = await found.client.request('restart', services.length > 0 ? { services } : {}, 30 * 60_000);
    return reportOutcome(outcome) ? exitCodes.ok : exitCodes.failed;
  } finally {
    found.client.close();
  }
}
