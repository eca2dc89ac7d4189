// A second process for the cache's cross-process tests: ensures one environment and prints the result.
import { ensureEnvironment } from '../../core/cache/environments';

const [cacheDir, requirements] = process.argv.slice(2);
ensureEnvironment({ cacheDir, ecosystem: 'python', requirements: JSON.parse(requirements) as string[] }).then((result) => {
  process.stdout.write(`${JSON.stringify({ hit: result.hit, key: result.key })}\n`);
});
