import { access } from 'node:fs/promises';
import { devNull, homedir } from 'node:os';
import { join } from 'node:path';

/** pip settings uv has its own name for. */
const TRANSLATED: Record<string, { name: string; convert?: (value: string) => string }> = {
  PIP_INDEX_URL: { name: 'UV_INDEX_URL' },
  PIP_EXTRA_INDEX_URL: { name: 'UV_EXTRA_INDEX_URL' },
  // pip separates locations with whitespace, uv with commas.
  PIP_FIND_LINKS: { name: 'UV_FIND_LINKS', convert: (value) => value.trim().split(/\s+/).join(',') },
  PIP_NO_INDEX: { name: 'UV_NO_INDEX' },
};

/** pip settings that change pip's output, not what gets installed. */
const COSMETIC = new Set(['PIP_DISABLE_PIP_VERSION_CHECK', 'PIP_PROGRESS_BAR', 'PIP_ROOT_USER_ACTION', 'PIP_NO_WARN_SCRIPT_LOCATION', 'PIP_DEFAULT_TIMEOUT', 'PIP_RETRIES', 'PIP_NO_INPUT', 'PIP_QUIET', 'PIP_VERBOSE', 'PIP_NO_COLOR']);

/** The pip configuration files pip would read (pip's "Configuration" documentation, POSIX and macOS). */
async function pipConfigFiles(env: NodeJS.ProcessEnv): Promise<string[]> {
  if (env.PIP_CONFIG_FILE === devNull) return [];
  const home = env.HOME || homedir();
  const candidates = [
    ...(env.XDG_CONFIG_DIRS || '/etc/xdg').split(':').filter(Boolean).map((dir) => join(dir, 'pip', 'pip.conf')),
    '/etc/pip.conf',
    join(home, '.pip', 'pip.conf'),
    join(env.XDG_CONFIG_HOME || join(home, '.config'), 'pip', 'pip.conf'),
    join(home, 'Library', 'Application Support', 'pip', 'pip.conf'),
    ...(env.PIP_CONFIG_FILE ? [env.PIP_CONFIG_FILE] : []),
  ];
  const found = await Promise.all(candidates.map((file) => access(file).then(() => file, () => undefined)));
  return found.filter((file): file is string => file !== undefined);
}

/**
 * The environment to run uv in so that it installs what pip would, or undefined when the user
 * has pip settings uv would ignore (a pip.conf, or a PIP_* variable uv has no equivalent for):
 * then pip is used, since the user's own configuration must keep working.
 */
export async function uvEnvironment(env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv | undefined> {
  const translated: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('PIP_') || value === undefined || COSMETIC.has(name) || name === 'PIP_CONFIG_FILE') continue;
    const target = TRANSLATED[name];
    if (!target) return undefined;
    // The user's own UV_* setting wins.
    if (env[target.name] === undefined) translated[target.name] = target.convert ? target.convert(value) : value;
  }
  if ((await pipConfigFiles(env)).length > 0) return undefined;
  return { ...env, ...translated };
}
