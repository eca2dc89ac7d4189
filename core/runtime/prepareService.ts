import { dependencySet } from '../cache/dependencySet';
import { ensureEnvironment, linkEnvironment } from '../cache/environments';
import { diskReader } from '../diskReader';
import { loadReadme, type LoadedReadme } from '../markpact/loadReadme';
import { effectiveFiles } from '../markpact/service';
import { environmentFolders } from './environmentFolders';
import type { ConfinedDir } from './confinedDir';
import { writeSandbox } from './sandbox';
import { fillTemplateFiles, type TemplateAsker } from './templateFiles';
import type { SandboxLedger } from './sandboxLedger';
import { folderName } from '../pactown/serviceName';
import { hardCodedPorts } from '../markpact/portLiterals';

export interface PreparedService {
  sandbox: string;
  command: string;
  /** Folders for the front of PATH, and the venv for VIRTUAL_ENV. */
  binFolders: string[];
  virtualEnv?: string;
  /** The cache entry the service uses (never evicted while it runs). */
  cacheKey?: string;
  cacheHit?: boolean;
  /** Ports the run command and files write as numbers, and where (see hardCodedPorts). */
  hardCodedPorts: ReadonlyMap<number, string>;
}

/**
 * Makes a service ready to start: its README read (includes followed), its files written into
 * its sandbox (confined), its dependency environment taken from the cache (built once) and linked.
 */
export async function prepareService(options: {
  name: string;
  readmePath: string;
  /** The sandbox root, open: the service's folder is made (or checked) under it. */
  root: ConfinedDir;
  ledger: SandboxLedger;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  onLog?: (line: string) => void;
  /** Told what the README was read as (undefined: it could not be read), before anything is written. */
  onLoaded?: (loaded: LoadedReadme | undefined) => void;
  signal?: AbortSignal;
  /** Asks for `${ask:…}` values of template file blocks that have none; without it, defaults apply or the service fails. */
  ask?: TemplateAsker;
  /** A template placeholder left unfilled (`${env:X}` unset, no default). */
  onWarning?: (line: string) => void;
}): Promise<PreparedService> {
  const loaded = await loadReadme(options.readmePath, diskReader, options.name);
  options.onLoaded?.(loaded);
  if (!loaded) throw new Error(`${options.name}: README not found: ${options.readmePath}`);
  const { service } = loaded;
  if (!service.run) throw new Error(`${options.name}: ${options.readmePath} has no run command (add a markpact:run block)`);
  const files = await fillTemplateFiles(effectiveFiles(service), {
    service: options.name, readmePath: options.readmePath, loaded, env: options.env,
    ...(options.ask ? { ask: options.ask } : {}), ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  const { dir } = writeSandbox(options.root, folderName(options.name), files, options.ledger);
  try {
    const prepared: PreparedService = { sandbox: dir.path, command: service.run.command, binFolders: [], hardCodedPorts: hardCodedPorts(service.run.command, service.files) };
    const deps = dependencySet(service);
    if (deps.requirements.length === 0) return prepared;
    const environment = await ensureEnvironment({
      cacheDir: options.cacheDir,
      ecosystem: deps.ecosystem,
      requirements: deps.requirements.map((r) => r.raw),
      env: options.env,
      ...(options.onLog ? { onLog: options.onLog } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    linkEnvironment(environment.path, dir, deps.ecosystem);
    prepared.cacheKey = environment.key;
    prepared.cacheHit = environment.hit;
    return { ...prepared, ...environmentFolders(dir.path, service) };
  } finally {
    dir.close();
  }
}
