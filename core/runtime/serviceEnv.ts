import { delimiter } from 'node:path';
import type { ServiceConfig } from '../pactown/model';
import { envKey } from '../pactown/serviceName';
import { discoveryEnv } from './discoveryEnv';

export { envKey };

/** A dependency as it runs: where to reach it. */
export interface ReachableDependency {
  name: string;
  port: number;
}

export interface ServiceEnvInput {
  /** The controller's environment, inherited (installs and services honour the user's own settings). */
  base: NodeJS.ProcessEnv;
  service: ServiceConfig;
  port: number;
  /** Local dependencies that are up, by name. */
  running: ReadonlyMap<string, ReachableDependency>;
  /** Folders to put first on PATH (a venv's bin, node_modules/.bin). */
  binFolders?: string[];
  /** A Python service's virtual environment. */
  virtualEnv?: string;
}

/**
 * A service's environment: the inherited one, then PORT/MARKPACT_PORT/SERVICE_NAME/SERVICE_URL,
 * then `<DEP>_URL/_HOST/_PORT` per dependency and `depends_on[].env_var` (the dependency's URL,
 * or its `endpoint`: documented by pactown but never implemented there), then the YAML `env:`.
 */
export function serviceEnv(input: ServiceEnvInput): NodeJS.ProcessEnv {
  const { service, port } = input;
  const local = (p: number) => ({ host: '127.0.0.1', port: p });
  const peer = (name: string) => {
    const running = input.running.get(name);
    return running ? local(running.port) : undefined;
  };
  const env: NodeJS.ProcessEnv = { ...input.base, ...discoveryEnv({ service, self: local(port), peer }) };
  Object.assign(env, service.env);
  if (input.virtualEnv) env.VIRTUAL_ENV = input.virtualEnv;
  if (input.binFolders?.length) env.PATH = [...input.binFolders, env.PATH ?? ''].filter(Boolean).join(delimiter);
  return env;
}
