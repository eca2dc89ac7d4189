// The bench's 10-service ecosystem, shared by the runtime bench, the export bench and the export tests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fence = '```';

/** A stdlib Python server on $PORT: nothing to install. */
export const stdlibServer = 'exec python3 -m http.server $PORT --bind 127.0.0.1';

/**
 * Writes `README.md` (one stdlib server) into `dir` and returns the ecosystem's YAML: s0 ← s1 ←
 * s2 ← s3 (a chain), s4…s9 fanning out from s3, ports from `basePort`, health check `/`.
 */
export function tenServiceEcosystem(dir: string, basePort: number): string {
  writeFileSync(join(dir, 'README.md'), `${fence}bash markpact:run\n${stdlibServer}\n${fence}\n`);
  const names = Array.from({ length: 10 }, (_, i) => `s${i}`);
  const deps = (i: number) => (i === 0 ? [] : i <= 3 ? [`s${i - 1}`] : ['s3']);
  return `base_port: ${basePort}\nservices:\n${names.map((n, i) => `  ${n}:\n    readme: README.md\n    health_check: /\n    depends_on: [${deps(i).join(', ')}]\n`).join('')}`;
}
