// `npm start`: builds the extension and opens it in a real VS Code (code-server) on examples/,
// then prints the URL to open. Ctrl+C stops VS Code and everything it started.
//   npm start [-- --port 8080] [-- --folder path/to/workspace]
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exampleFindLinks } from './vscode-host/exampleWorkspace.mjs';
import { repoRoot } from './vscode-host/install.mjs';
import { launchCodeServer } from './vscode-host/launch.mjs';
import { workbenchUrl } from './vscode-host/workbench.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, folder: { type: 'string', default: join(repoRoot, 'examples') } } });
const workspace = resolve(values.folder);

execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
// The quotes example's dependency is a wheel built here, so it installs without PyPI.
const findLinks = exampleFindLinks();

/** Whether pip can reach PyPI; offline, pip is told to use only local wheels instead of retrying for minutes. */
async function pypiReachable() {
  try {
    return (await fetch('https://pypi.org/simple/pip/', { method: 'HEAD', signal: AbortSignal.timeout(3_000) })).ok;
  } catch {
    return false;
  }
}

const server = await launchCodeServer({
  workspace,
  // Kept between starts, like a real profile: settings, trusted folders, open editors.
  profileDir: join(repoRoot, '.vscode-host', 'profile'),
  port: Number(values.port),
  env: {
    PIP_FIND_LINKS: findLinks,
    ...((await pypiReachable()) ? {} : { PIP_NO_INDEX: '1' }),
  },
});

const url = workbenchUrl(server.origin, { workspace, extensionPath: repoRoot });
console.log(`\nVS Code (code-server) with the markpact extension on ${workspace}\n\n  Open: ${url}\n\nCtrl+C stops it and every service it started.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.exited.then((code) => {
  if (stopping) return;
  console.error(`code-server exited (${code})`);
  process.exit(1);
});
