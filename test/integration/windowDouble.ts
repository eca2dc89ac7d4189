// Stands in for a VS Code window in the control-plane tests: it owns a run the way the extension
// does (the ecosystem's Orchestrator served by ServedRun as a 'window' owner; after a remote stop
// it keeps running and gives the run up), and reports on stdout, one JSON object per line, until
// its stdin closes. Writing `status` to its stdin makes it report its services.
//   node --import tsx test/integration/windowDouble.ts <ecosystem.yaml>
import { createInterface } from 'node:readline';
import { ServedRun } from '../../core/control/servedRun';
import { Orchestrator } from '../../core/runtime/orchestrator';

const report = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function main(): Promise<void> {
  const orchestrator = await Orchestrator.load(process.argv[2]);
  const served = await ServedRun.serve(orchestrator, { kind: 'window', label: `test window (pid ${process.pid})` });
  if ('live' in served) {
    report({ error: `already owned by ${served.live.hello.owner.label}` });
    process.exit(1);
  }
  const { run } = served;
  run.on('stoppedRemotely', (by) => {
    report({ stoppedRemotely: by, services: orchestrator.statuses() });
    void run.end();
  });
  report({ started: await orchestrator.up() });
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      if (line === 'status') report({ alive: true, services: orchestrator.statuses() });
    })
    .on('close', async () => {
      await orchestrator.down();
      await run.end();
      report({ closed: true });
    });
}

void main();
