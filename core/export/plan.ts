import { basename, dirname, resolve } from 'node:path';
import { dependencySet, type DependencySet } from '../cache/dependencySet';
import { diskReader } from '../diskReader';
import { loadReadme } from '../markpact/loadReadme';
import { effectiveFiles, type ServiceFile } from '../markpact/service';
import type { EcosystemConfig, ServiceConfig } from '../pactown/model';
import { parseEcosystem } from '../pactown/parse';
import { checkedEcosystem } from '../runtime/checkedEcosystem';
import { lineCharacterAt } from '../text/lineCharacter';
import { envNameProblems } from './envNames';
import { engineName, imageName } from './names';
import { defaultBaseImages, exportRuntime } from './runtime';

/** A service as it is exported: what the local run would write and install, and the image it becomes. */
export interface ExportService {
  config: ServiceConfig;
  /** Its name on the engine: Compose service, Kubernetes objects, host name. */
  host: string;
  runtime: string;
  baseImage: string;
  image: string;
  command: string;
  /** The sandbox's files, as the local run writes them (includes followed, the last write of a path winning). */
  files: ServiceFile[];
  deps: DependencySet;
}

export interface ExportPlan {
  /** The ecosystem's name on the engine (Compose project, image prefix, labels). */
  name: string;
  /** The ecosystem file's name, for the header of generated files. */
  source: string;
  config: EcosystemConfig;
  services: ExportService[];
}

export interface PlanOptions {
  registry?: string;
  /** `--base-image RUNTIME=IMAGE`, overriding the defaults and adding runtimes. */
  baseImages?: Readonly<Record<string, string>>;
}

/** Raised when the ecosystem cannot be exported as it is; the message says what to change. */
export class ExportError extends Error {}

/** Reads an ecosystem file and its READMEs as a local run does, and decides what each service becomes. */
export async function planExport(ecosystemPath: string, text: string, options: PlanOptions = {}): Promise<ExportPlan> {
  const config = await checkedEcosystem(ecosystemPath, text, 'nothing was exported');
  // pactown's default when the file has no name: `unnamed-ecosystem`.
  const name = engineName(config.name);
  const images = { ...defaultBaseImages, ...options.baseImages };
  // An image is one word: it is written into Dockerfiles (a setting from a workspace could try more).
  const badImage = Object.entries(images).find(([, image]) => !/^[^\s"'\\]+$/.test(image));
  if (badImage) throw new ExportError(`the base image for ${badImage[0]} is not an image reference: ${JSON.stringify(badImage[1])}`);
  if (options.registry !== undefined && !/^[^\s"'\\]+$/.test(options.registry)) throw new ExportError(`--registry ${JSON.stringify(options.registry)} is not a registry prefix`);
  // A refused variable name would make a file the engine refuses, or a variable the service never sees
  // (a secret's name is also a file's and a shell assignment's): refused here, before anything is written.
  const problems = envNameProblems(config, parseEcosystem(text).document).map(({ service, span, message }) => `${service.name}: env ${message} (line ${lineCharacterAt(text, span.start).line + 1})`);
  const services: ExportService[] = [];
  const hosts = new Map<string, string>();
  for (const service of config.services) {
    const host = engineName(service.name);
    const clash = hosts.get(host);
    if (clash) problems.push(`${service.name}: its engine name '${host}' is the same as ${clash}'s: rename one of them`);
    hosts.set(host, service.name);
    const readmePath = resolve(dirname(ecosystemPath), service.readme);
    const loaded = await loadReadme(readmePath, diskReader, service.name);
    if (!loaded) {
      problems.push(`${service.name}: README not found: ${readmePath}`);
      continue;
    }
    const { service: model } = loaded;
    if (!model.run) {
      problems.push(`${service.name}: ${readmePath} has no run command (add a markpact:run block)`);
      continue;
    }
    const files = effectiveFiles(model);
    const unsafe = files.find((f) => f.unsafe);
    if (unsafe?.unsafe) problems.push(`${service.name}: refusing to write '${unsafe.pathAttribute?.value ?? unsafe.path}': ${unsafe.unsafe.reason}`);
    const runtime = exportRuntime(model);
    const baseImage = images[runtime];
    if (!baseImage) problems.push(`${service.name}: no image for its runtime '${runtime}': pass --base-image ${runtime}=IMAGE (for example --base-image go=golang:1.22)`);
    services.push({
      config: service, host, runtime, baseImage: baseImage ?? '', image: imageName(name, service.name, options.registry),
      command: model.run.command, files, deps: dependencySet(model),
    });
  }
  if (problems.length > 0) throw new ExportError(`${ecosystemPath}: cannot export ${problems.length === 1 ? 'one service' : `${problems.length} services`}; nothing was written:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return { name, source: basename(ecosystemPath), config, services };
}
