// Starts code-server (installed by install.mjs) on a workspace with a scratch profile, in its own
// process group, and stops the whole group. Used by `npm start` and the end-to-end tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCodeServer } from './install.mjs';

/** Keeps a fresh profile quiet: no welcome page, tips, update or marketplace checks. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
};

/**
 * @param {object} options
 * @param {string} options.workspace folder to open
 * @param {string} options.profileDir scratch folder for user data, extensions, config and XDG dirs
 * @param {Record<string, unknown>} [options.settings] user settings on top of the quiet ones
 * @param {Record<string, string>} [options.env] environment for code-server and so the extension host
 * @param {number} [options.port] 0 (default): any free port
 * @param {number} [options.readyTimeoutMs]
 * @returns {Promise<{ port: number, origin: string, folderUrl: string, stop: () => Promise<void>, exited: Promise<number | null> }>}
 */
export async function launchCodeServer({ workspace, profileDir, settings = {}, env = {}, port = 0, readyTimeoutMs = 60_000, log = (line) => console.error(line) }) {
  const entry = await ensureCodeServer({ log });
  const dirs = Object.fromEntries(['user-data', 'extensions', 'xdg-data', 'xdg-config'].map((name) => [name, join(profileDir, name)]));
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs['user-data'], 'User'), { recursive: true });
  // A kept profile keeps the user's own changes; ours go on top only where we pass them.
  const settingsFile = join(dirs['user-data'], 'User', 'settings.json');
  const existing = readSettings(settingsFile);
  // Settings with comments (JSONC) the user wrote are left as they are.
  if (existing) writeFileSync(settingsFile, JSON.stringify({ ...quietSettings, ...existing, ...settings }, null, 2));
  const config = join(profileDir, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');

  const args = [
    entry, '--config', config, '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened',
  ];
  // detached: its own process group, so extension hosts, watchers and services stop with it.
  const child = spawn(process.execPath, args, {
    cwd: workspace,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, XDG_DATA_HOME: dirs['xdg-data'], XDG_CONFIG_HOME: dirs['xdg-config'] },
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = () => stopGroup(child.pid, exited);

  try {
    const actualPort = await listeningPort(child, readyTimeoutMs);
    const origin = `http://127.0.0.1:${actualPort}`;
    await waitForHealth(origin, readyTimeoutMs);
    return { port: actualPort, origin, folderUrl: `${origin}/?folder=${encodeURIComponent(workspace)}`, stop, exited };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readSettings(file) {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** code-server logs "HTTP server listening on http://127.0.0.1:<port>/" once bound (port 0 included). */
function listeningPort(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`code-server did not listen within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = /HTTP server listening on https?:\/\/[^:\s]+:(\d+)/.exec(output);
      if (match) done(() => resolve(Number(match[1])));
    };
    const onExit = (code) => fail(new Error(`code-server exited (${code}) before listening:\n${output}`));
    const done = (settle) => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
      // Keep draining its output so a full pipe never blocks it.
      child.stdout.resume();
      child.stderr.resume();
      settle();
    };
    const fail = (error) => done(() => reject(error));
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', onExit);
  });
}

async function waitForHealth(origin, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // Not answering yet.
    }
    if (Date.now() > deadline) throw new Error(`code-server at ${origin} did not answer /healthz within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGTERM to the group, SIGKILL to what is left after a grace period. */
async function stopGroup(pid, exited) {
  const signalGroup = (signal) => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  if (!signalGroup('SIGTERM')) return;
  const grace = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
  await Promise.race([exited, grace]);
  signalGroup('SIGKILL');
}
