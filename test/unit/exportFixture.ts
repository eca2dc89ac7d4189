// Shared by the export tests: ecosystems written to a scratch folder, planned as `pactown export`
// plans them, and the offline validators (the Compose specification's schema, kubernetes-models).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Secret, Service } from 'kubernetes-models/v1';
import { tenServiceEcosystem } from '../../bench/tenServices';
import { planExport, type ExportPlan, type PlanOptions } from '../../core/export/plan';

export const fence = '```';

/** A README that runs `command`, with optional files (path → body) and deps lines. */
export function readme(command: string, options: { files?: Record<string, string>; deps?: string[]; depsLang?: string } = {}): string {
  const files = Object.entries(options.files ?? {}).map(([path, body]) => `${fence}text markpact:file path=${path}\n${body}\n${fence}\n`);
  const deps = options.deps ? [`${fence}${options.depsLang ?? 'python'} markpact:deps\n${options.deps.join('\n')}\n${fence}\n`] : [];
  return [...deps, ...files, `${fence}bash markpact:run\n${command}\n${fence}\n`].join('\n');
}

export interface Ecosystem {
  dir: string;
  path: string;
  text: string;
  plan(options?: PlanOptions): Promise<ExportPlan>;
}

const scratchRoots: string[] = [];
process.on('exit', () => {
  for (const dir of scratchRoots) rmSync(dir, { recursive: true, force: true });
});

/** Writes an ecosystem file and its READMEs (path → text) into a fresh folder. */
export function writeEcosystem(yaml: string, readmes: Record<string, string>): Ecosystem {
  const dir = mkdtempSync(join(tmpdir(), 'pactown-export-'));
  scratchRoots.push(dir);
  for (const [path, text] of Object.entries(readmes)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const path = join(dir, 'eco.pactown.yaml');
  writeFileSync(path, yaml);
  return { dir, path, text: yaml, plan: (options) => planExport(path, yaml, options) };
}

/** The bench's 10-service ecosystem. */
export function tenServices(): Ecosystem {
  const eco = writeEcosystem('', {});
  const yaml = tenServiceEcosystem(eco.dir, 9300);
  writeFileSync(eco.path, yaml);
  return { ...eco, text: yaml, plan: (options) => planExport(eco.path, yaml, options) };
}

/** The bookshop example, as shipped. */
export function bookshop(): { path: string; plan(options?: PlanOptions): Promise<ExportPlan> } {
  const path = resolve('examples/bookshop.pactown.yaml');
  return { path, plan: (options) => planExport(path, readFileSync(path, 'utf8'), options) };
}

// The schema names draft-07 by an https $schema ajv does not know as its meta-schema: it is compiled as draft-07 without that check.
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
const composeSchema = ajv.compile(JSON.parse(readFileSync(resolve('node_modules/dclint/schemas/compose.schema.json'), 'utf8')));

/** The Compose specification's schema errors of a Compose file (none: it is valid). */
export function composeErrors(model: unknown): string[] {
  return composeSchema(model) ? [] : (composeSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const models: Record<string, new (data: never) => { validate(): void }> = { Deployment, Service, Secret };

/** The kubernetes-models validation errors of an object (a kind it has no model for is an error too). */
export function kubernetesErrors(object: Record<string, unknown>): string[] {
  const Model = models[String(object.kind)];
  if (!Model) return [`no model for kind ${String(object.kind)}`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
