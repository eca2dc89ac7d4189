// Another process for the cache tests' cross-process cases (run with `node --import tsx`).
//   lock <lockPath> <journal> <rounds> <holdMs>   takes the lock `rounds` times, journaling enter/exit
//   ensure <cacheDir> <requirements JSON>         ensures a Python environment, printing its log and result
import { appendFileSync } from 'node:fs';
import { ensureEnvironment } from '../../core/cache/environments';
import { acquireLock } from '../../core/cache/lock';

async function lockRounds(lockPath: string, journal: string, rounds: number, holdMs: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const release = await acquireLock(lockPath);
    appendFileSync(journal, `enter ${process.pid}\n`);
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    appendFileSync(journal, `exit ${process.pid}\n`);
    await release();
  }
}

async function ensure(cacheDir: string, requirements: string[]): Promise<void> {
  let commands = 0;
  const result = await ensureEnvironment({
    cacheDir,
    ecosystem: 'python',
    requirements,
    onLog: (line) => {
      if (line.startsWith('$ ')) commands++;
      process.stdout.write(`log ${line}\n`);
    },
  });
  process.stdout.write(`result ${JSON.stringify({ hit: result.hit, key: result.key, path: result.path, commands })}\n`);
}

const [mode, ...args] = process.argv.slice(2);
const work = mode === 'lock' ? lockRounds(args[0], args[1], Number(args[2]), Number(args[3])) : ensure(args[0], JSON.parse(args[1]) as string[]);
work.catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
