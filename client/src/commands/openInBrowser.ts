import * as vscode from 'vscode';
import type { ExtensionContextServices } from '../context';
import { engine } from '../engine';
import { serviceRoutes, type ServiceRoute } from '../model/serviceRoutes';
import { editorReader } from '../workspace/editorReader';
import type { Target } from './targets';

/** Long enough for a local service to answer, short enough not to be noticed. */
const probeTimeoutMs = 1_500;

/** The status of GET `url`, or why there is none. */
async function probe(url: string): Promise<{ status: number } | { error: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(probeTimeoutMs) });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    return { error: error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${probeTimeoutMs} ms` : 'no answer' };
  }
}

/** The routes a service is known to answer: its `health_check`, and what its README's HTTP tests GET. */
async function knownRoutes(target: Target & { service: string }): Promise<ServiceRoute[]> {
  const entry = target.ecosystem.services.find((s) => s.name === target.service);
  if (!entry) return [];
  const text = await editorReader.readText(entry.readmePath);
  const tests = text === undefined ? [] : (await engine().analyzeReadme(entry.readmePath, engine().parseMarkpact(text), editorReader)).service.httpTests;
  return serviceRoutes(entry.healthCheck, tests.flatMap((t) => (t.result.kind === 'test' ? [t.result.test] : [])));
}

/**
 * "Open in browser": the service's `/` when it answers as a page (a status below 400); otherwise a
 * pick of the routes it is known to answer, with `/` offered anyway.
 */
export async function openInBrowser(services: ExtensionContextServices, target: Target | undefined): Promise<boolean> {
  if (!target?.service) return false;
  const service = target.service;
  const status = services.runs.view(target.ecosystem.path)?.services.find((s) => s.name === service);
  const port = status?.port ?? target.ecosystem.services.find((s) => s.name === service)?.port;
  const base = status?.url ?? `http://127.0.0.1:${port}`;
  const open = (path: string) => vscode.env.openExternal(vscode.Uri.parse(`${base}${path}`));
  if (!status || status.state === 'stopped') {
    void vscode.window.showWarningMessage(`${service} is not running; opening ${base} anyway.`);
    return open('/');
  }
  const answer = await probe(`${base}/`);
  if ('status' in answer && answer.status < 400) return open('/');
  const routes = await knownRoutes({ ...target, service });
  const why = 'status' in answer ? `answers ${answer.status}` : `gives ${answer.error}`;
  const items = [
    ...routes.map((r) => ({ label: r.path, description: r.source, path: r.path })),
    { label: '/', description: `anyway (it ${why})`, path: '/' },
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `${base}/ ${why}: open which route of ${service}?` });
  return picked ? open(picked.path) : false;
}
