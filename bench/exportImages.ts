// Image build time of an exported 10-service ecosystem under a real Docker engine (a private
// dockerd, base images imported offline; test/integration/engine): the ten services share one
// dependency set vs each has its own. Every round starts from an empty build cache. Needs root
// and Debian's docker.io and docker-compose; says so and moves on when they are absent.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importBaseImages } from '../test/integration/engine/baseImages';
import { composeProject } from '../test/integration/engine/composeProject';
import { engineUnavailable, startEngine, type Engine } from '../test/integration/engine/dockerd';
import { buildWheels } from '../test/integration/wheels';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (x: number) => `${(x / 1000).toFixed(1)} s`;
const fence = '```';
const rounds = 3;
const count = 10;

/**
 * Ten Python services (not bench/tenServices.ts's: those install nothing), each with its own file (so only a dependency layer can be shared) and a
 * one-line dependency set: the same line for all, or a different requirement text per service
 * (`pactown-demo-app>=0.<i>`: the same local wheel, but ten dependency lists, so ten layers).
 */
function ecosystem(dir: string, shared: boolean): string {
  mkdirSync(dir, { recursive: true });
  const names = Array.from({ length: count }, (_, i) => `s${i}`);
  names.forEach((name, i) => {
    const requirement = shared ? 'pactown-demo-app==1.0' : `pactown-demo-app>=0.${i}`;
    const readme = [
      `${fence}text markpact:deps python`, requirement, fence,
      `${fence}python markpact:file path=app.py`, `import os, http.server`, `NAME = ${JSON.stringify(name)}`,
      `http.server.ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])), http.server.SimpleHTTPRequestHandler).serve_forever()`, fence,
      `${fence}bash markpact:run`, 'python app.py', fence,
    ].join('\n');
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'README.md'), `${readme}\n`);
  });
  const yaml = `name: ten-${shared ? "shared" : "distinct"}\nbase_port: 9300\nservices:\n${names.map((n) => `  ${n}:\n    readme: ${n}/README.md\n    health_check: /\n`).join('')}`;
  writeFileSync(join(dir, 'ten.pactown.yaml'), yaml);
  return join(dir, 'ten.pactown.yaml');
}

/** One `docker-compose build` of an export from an empty build cache: every image but the base images removed first. */
function coldBuild(engine: Engine, exported: string, project: string, base: string[]): number {
  const built = engine.docker(['images', '--format', '{{.Repository}}:{{.Tag}}']).split('\n').filter((image) => image && !base.includes(image));
  if (built.length > 0) engine.docker(['rmi', ...built]);
  engine.docker(['image', 'prune', '--force']);
  const left = engine.docker(['images', '--all', '--quiet']).split('\n').filter(Boolean).length;
  if (left !== base.length) throw new Error(`the build cache is not empty: ${left} images, expected the ${base.length} base images`);
  const start = performance.now();
  composeProject(engine, exported, project).compose(['build']);
  return performance.now() - start;
}

export async function benchExportImages(): Promise<void> {
  const reason = engineUnavailable();
  if (reason) {
    console.log(`export image builds: not measured, no Docker engine here (${reason})`);
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'bench-export-images-'));
  const engine = await startEngine();
  try {
    const base = await importBaseImages(engine);
    const wheels = join(scratch, 'wheels');
    buildWheels(wheels);
    const exports: Record<'shared' | 'distinct', string> = { shared: join(scratch, 'out-shared'), distinct: join(scratch, 'out-distinct') };
    for (const variant of ['shared', 'distinct'] as const) {
      const yaml = ecosystem(join(scratch, variant), variant === 'shared');
      const args = [resolve('dist/cli.js'), 'export', 'compose', yaml, '-o', exports[variant], '--base-image', `python=${base.python}`, '--wheelhouse', wheels];
      const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`pactown export failed: ${result.stderr}`);
    }
    const times: Record<'shared' | 'distinct', number[]> = { shared: [], distinct: [] };
    // Alternating, so a slower moment of the machine weighs on both.
    for (let round = 0; round < rounds; round++) {
      for (const variant of ['shared', 'distinct'] as const) times[variant].push(coldBuild(engine, exports[variant], `ten${variant}`, Object.values(base)));
    }
    const [shared, distinct] = [median(times.shared), median(times.distinct)];
    console.log(
      `export image builds, 10 Python services, cold build cache (docker-compose build, ${engine.storageDriver}, medians of ${rounds}): ` +
        `one shared dependency set ${seconds(shared)} vs ten distinct sets ${seconds(distinct)} (${(distinct / shared).toFixed(1)}×; rounds ${times.shared.map(seconds).join(', ')} / ${times.distinct.map(seconds).join(', ')})`,
    );
  } finally {
    await engine.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
