/** What a probe checks: an HTTP GET below 400 on `path`, or a TCP connect when there is no health check. */
export interface ProbeTarget {
  host: string;
  port: number;
  path?: string;
}

/** Runtimes whose images carry an interpreter a probe can run in (slim images have no curl or wget). */
export const probeRuntimes = new Set(['python', 'node']);

/**
 * One probe, as a command run inside an image of `runtime`: exit 0 when the service answers.
 * Undefined for a runtime whose image holds no interpreter we know.
 */
export function probeCommand(runtime: string, target: ProbeTarget): string[] | undefined {
  if (runtime === 'python') return ['python3', '-c', pythonCheck(target)];
  if (runtime === 'node') return ['node', '-e', `${nodeCheck(target)}\ncheck(()=>process.exit(0),()=>process.exit(1))`];
  return undefined;
}

/**
 * Waits for a service to answer, retrying every second up to `deadlineSeconds` (then exits 1 so
 * the engine reports it and retries): a Kubernetes init container's command.
 */
export function waitCommand(runtime: string, target: ProbeTarget, deadlineSeconds: number): string[] | undefined {
  const what = `${target.host}:${target.port}${target.path ?? ''}`;
  if (runtime === 'python') {
    return ['python3', '-c', [
      'import time',
      `deadline = time.time() + ${deadlineSeconds}`,
      'while True:',
      '    try:',
      ...pythonCheck(target).split('\n').map((line) => `        ${line}`),
      '        break',
      '    except Exception:',
      `        if time.time() > deadline: raise SystemExit(${JSON.stringify(`${what} did not answer within ${deadlineSeconds}s`)})`,
      '        time.sleep(1)',
    ].join('\n')];
  }
  if (runtime === 'node') {
    return ['node', '-e', [
      nodeCheck(target),
      `const deadline = Date.now() + ${deadlineSeconds * 1000};`,
      `const again = () => { if (Date.now() > deadline) { console.error(${JSON.stringify(`${what} did not answer within ${deadlineSeconds}s`)}); process.exit(1); } setTimeout(attempt, 1000); };`,
      'const attempt = () => check(() => process.exit(0), again);',
      'attempt();',
    ].join('\n')];
  }
  return undefined;
}

/** Python statements that raise unless the target answers (urlopen raises on a status of 400 or more). */
function pythonCheck({ host, port, path }: ProbeTarget): string {
  if (path === undefined) return `import socket; socket.create_connection((${JSON.stringify(host)}, ${port}), 3).close()`;
  return `import urllib.request; urllib.request.urlopen(${JSON.stringify(`http://${host}:${port}${path}`)}, timeout=3).close()`;
}

/** A Node function `check(ok, fail)` that calls one of them once. */
function nodeCheck({ host, port, path }: ProbeTarget): string {
  if (path === undefined) {
    return `const check = (ok, fail) => { const s = require('node:net').connect(${port}, ${JSON.stringify(host)}, () => { s.destroy(); ok(); }); s.setTimeout(3000, () => s.destroy(new Error('timeout'))); s.once('error', fail); };`;
  }
  return `const check = (ok, fail) => require('node:http').get({ host: ${JSON.stringify(host)}, port: ${port}, path: ${JSON.stringify(path)}, timeout: 3000 }, (r) => { r.resume(); r.statusCode < 400 ? ok() : fail(); }).once('timeout', function () { this.destroy(new Error('timeout')); }).once('error', fail);`;
}
