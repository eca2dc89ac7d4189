import { delimiter } from 'node:path';
import type { ServiceConfig } from '../pactown/model';
import { envKey } from '../pactown/serviceName';

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
  const env: NodeJS.ProcessEnv = { ...input.base };
  const url = `http://127.0.0.1:${port}`;
  Object.assign(env, { PORT: String(port), MARKPACT_PORT: String(port), SERVICE_NAME: service.name, SERVICE_URL: url });
  for (const dep of service.dependsOn) {
    const peer = input.running.get(dep.name);
    const key = envKey(dep.name);
    if (peer) {
      env[`${key}_URL`] = `http://127.0.0.1:${peer.port}`;
      env[`${key}_HOST`] = '127.0.0.1';
      env[`${key}_PORT`] = String(peer.port);
    }
    const target = dep.endpoint ?? (peer ? `http://127.0.0.1:${peer.port}` : undefined);
    if (dep.envVar && target) env[dep.envVar] = target;
  }
  Object.assign(env, service.env);
  if (input.virtualEnv) env.VIRTUAL_ENV = input.virtualEnv;
  if (input.binFolders?.length) env.PATH = [...input.binFolders, env.PATH ?? ''].filter(Boolean).join(delimiter);
  return env;
}
