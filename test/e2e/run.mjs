// End-to-end tests in a real VS Code: code-server's workbench in headless Chromium, with the
// extension under development and mocha suites running in its extension host (test/e2e/suite).
// Two sessions on a copy of examples/ plus test/e2e/fixture: a trusted workspace that runs the
// bookshop ecosystem, and a restricted one that must refuse to. Screenshots go to test-results/.
//   node test/e2e/run.mjs [trusted|restricted]…
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { launchCodeServer } from '../../scripts/vscode-host/launch.mjs';
import { openWorkbench, workbenchUrl } from '../../scripts/vscode-host/workbench.mjs';
import { freePortRange } from '../../scripts/freePorts.mjs';
import { copyExamples, exampleFindLinks } from '../../scripts/vscode-host/exampleWorkspace.mjs';
import { repoRoot } from '../../scripts/vscode-host/install.mjs';

const sessionTimeoutMs = 8 * 60_000;
const resultsDir = join(repoRoot, 'test-results');
const suiteDir = join(repoRoot, 'dist-test', 'e2e');
const suites = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['trusted', 'restricted'];

const trustSettings = {
  // Everything trusted: the run tests need to run.
  trusted: { 'security.workspace.trust.enabled': false },
  // Trust on, this folder never trusted, no prompt: Restricted Mode.
  restricted: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false },
};

async function buildSuite() {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  rmSync(suiteDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test/e2e/suite/*.ts')],
    outdir: suiteDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

async function prepareWorkspace(root) {
  const workspace = join(root, 'workspace');
  copyExamples(workspace);
  cpSync(join(repoRoot, 'test/e2e/fixture'), workspace, { recursive: true });
  for (const [file, count] of [['bookshop.pactown.yaml', 3], ['failing/failing.pactown.yaml', 3], ['terminal/terminal.pactown.yaml', 2]]) {
    const ecosystem = join(workspace, file);
    writeFileSync(ecosystem, readFileSync(ecosystem, 'utf8').replace(/^base_port: \d+$/m, `base_port: ${await freePortRange(count)}`));
  }
  return workspace;
}

async function waitUntilShown(page, expect, timeout) {
  for (const { selector, text } of expect) {
    await page.locator(selector, text ? { hasText: text } : {}).first().waitFor({ state: 'visible', timeout }).catch(async (error) => {
      const shown = await page.locator(selector).allInnerTexts().catch(() => []);
      throw new Error(`${error.message.split('\n')[0]}; ${selector} shows ${JSON.stringify(shown.slice(0, 12))}`);
    });
  }
}

/**
 * As a person would: the mouse over an element (a squiggle) opens what it shows on hover. The
 * text layer lies over decorations, so move the mouse rather than "hover" the element. The page
 * can still move under the mouse (a CodeLens appearing above shifts every line), so re-aim at
 * the element's current place until the hover shows what is expected, up to a deadline.
 */
async function hoverUntilShown(page, hover, expect) {
  const deadline = Date.now() + 30_000;
  const target = page.locator(hover).first();
  await target.waitFor({ state: 'attached', timeout: 30_000 });
  for (;;) {
    const box = await target.boundingBox();
    if (!box) throw new Error(`${hover} has no box on screen`);
    await page.mouse.move(0, 0);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    try {
      return await waitUntilShown(page, expect, 3_000);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** Serves the suites' screenshot requests one at a time: wait until the page shows what is expected, then shoot. */
function screenshotResponder(page, signals) {
  let queue = Promise.resolve();
  return (request) => {
    queue = queue.then(async () => {
      let result = 'ok';
      try {
        if (request.hover) await hoverUntilShown(page, request.hover, request.expect);
        else await waitUntilShown(page, request.expect, 30_000);
        // A hover fades in: shoot once running animations have finished, not half-way. An endless one
        // (a progress bar, a spinner) never finishes: it is not waited for, and the wait has a deadline.
        await page.evaluate(() => Promise.race([
          Promise.all(document.getAnimations()
            .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
            .map((animation) => animation.finished.catch(() => undefined))),
          new Promise((resolve) => setTimeout(resolve, 5_000)),
        ]));
        await page.screenshot({ path: join(resultsDir, `${request.name}.png`) });
        console.log(`    [e2e] screenshot test-results/${request.name}.png`);
      } catch (error) {
        result = `the workbench did not show ${JSON.stringify(request.expect)}: ${error.message}`;
        await page.screenshot({ path: join(resultsDir, `${request.name}-failed.png`) }).catch(() => undefined);
      }
      const file = join(signals, `${request.name}.result`);
      writeFileSync(`${file}.tmp`, result);
      renameSync(`${file}.tmp`, file);
    });
  };
}

async function runSession(suite, root, findLinks) {
  const sessionRoot = join(root, suite);
  const signals = join(sessionRoot, 'signals');
  mkdirSync(signals, { recursive: true });
  const workspace = await prepareWorkspace(sessionRoot);
  const server = await launchCodeServer({
    workspace,
    profileDir: join(sessionRoot, 'profile'),
    // No animations: a screenshot never catches a hover half faded in.
    settings: { ...trustSettings[suite], 'workbench.reduceMotion': 'on', 'editor.hover.above': false, 'markpact.cache.directory': join(sessionRoot, 'cache'),
      // A folder whose changes the watcher never reports, as when it misses a file another process writes.
      'files.watcherExclude': { '**/unwatched/**': true } },
    env: {
      MARKPACT_E2E_SUITE: suite,
      // While working on one feature: MARKPACT_E2E_FILES=trusted.testing,trusted.apply runs only those files.
      MARKPACT_E2E_FILES: process.env.MARKPACT_E2E_FILES ?? '',
      MARKPACT_E2E_SIGNALS: signals,
      PIP_FIND_LINKS: findLinks,
      PIP_NO_INDEX: '1',
      PIP_DISABLE_PIP_VERSION_CHECK: '1',
      // The window and the `pactown` commands the suites run as a terminal would share this runs registry.
      PACTOWN_RUNTIME_DIR: join(sessionRoot, 'runs'),
    },
  });
  let workbench;
  /** Services a suite left running on purpose: closing the window must stop them. */
  const mustStop = [];
  /** Runs a terminal owns: closing the window must leave them running. */
  const mustSurvive = [];
  try {
    const exitCode = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the ${suite} suite did not finish within ${sessionTimeoutMs / 1000} s`)), sessionTimeoutMs);
      let respond = () => undefined;
      const onLog = (type, text) => {
        const request = /^\[e2e:screenshot\] (.*)$/s.exec(text);
        if (request) return respond(JSON.parse(request[1]));
        const leftRunning = /^\[e2e:must-stop-with-window\] (.*)$/s.exec(text);
        if (leftRunning) return mustStop.push(JSON.parse(leftRunning[1]));
        const survivor = /^\[e2e:must-survive-window\] (.*)$/s.exec(text);
        if (survivor) return mustSurvive.push(JSON.parse(survivor[1]));
        // The workbench's own lookups of the marketplace fail offline, harmlessly.
        if (text.includes('open-vsx.org')) return undefined;
        for (const line of text.split('\n')) console.log(`  ${line}`);
      };
      const onExit = (code) => {
        clearTimeout(timer);
        resolve(code);
      };
      const url = workbenchUrl(server.origin, { workspace, extensionPath: repoRoot, testsPath: join(suiteDir, 'index.js') });
      openWorkbench(url, { onLog, onExit }).then((opened) => {
        workbench = opened;
        respond = screenshotResponder(opened.page, signals);
      }, reject);
    });
    await workbench.close();
    await server.stop();
    const survived = await checkSurvived(mustSurvive, join(sessionRoot, 'runs'));
    return exitCode === 0 ? (await checkStopped(mustStop)) || survived : exitCode;
  } finally {
    await workbench?.close();
    await server.stop();
  }
}

/** After the window closed: the runs a terminal owns still answer; then they are stopped with `pactown down`. */
async function checkSurvived(runs, runsDir) {
  let failed = 0;
  for (const { yaml, urls } of runs) {
    const answering = (await Promise.all(urls.map((url) => fetch(url).then(() => true, () => false)))).filter(Boolean).length;
    if (answering === urls.length) console.log(`    [e2e] closing the window left the terminal's run running (${urls.length} service(s))`);
    else {
      console.error(`    [e2e] closing the window stopped a run a terminal owns: ${answering} of ${urls.length} still answer`);
      failed = 1;
    }
    execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'down', yaml], { env: { ...process.env, PACTOWN_RUNTIME_DIR: runsDir }, stdio: 'inherit' });
  }
  return failed;
}

/** After the window closed: every process it started is gone and every URL refuses, within a deadline. */
async function checkStopped(left) {
  const pids = left.flatMap((l) => l.pids);
  const urls = left.flatMap((l) => l.urls);
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const answering = async () => (await Promise.all(urls.map((url) => fetch(url).then(() => url, () => undefined)))).filter(Boolean);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const orphans = [...pids.filter(alive), ...(await answering())];
    if (orphans.length === 0) {
      if (left.length > 0) console.log(`    [e2e] closing the window stopped what it ran (${pids.length} process(es))`);
      return 0;
    }
    if (Date.now() > deadline) {
      console.error(`    [e2e] still running after the window closed: ${orphans.join(', ')}`);
      return 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

mkdirSync(resultsDir, { recursive: true });
await buildSuite();
const findLinks = exampleFindLinks();
const root = mkdtempSync(join(tmpdir(), 'markpact-e2e-'));
let failed = 0;
try {
  for (const suite of suites) {
    console.log(`\n[e2e] ${suite} workspace`);
    const started = Date.now();
    const code = await runSession(suite, root, findLinks);
    console.log(`[e2e] ${suite}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (code !== 0) failed++;
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
