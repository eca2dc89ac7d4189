import { stateText, stoppedStatus, type ReportedService, type ServiceState } from '../../../core/runtime/serviceStatus';
import type { CatalogEcosystem, CatalogService } from './catalog';

/** Who runs an ecosystem: this window's orchestrator, or another process (`pactown up --detach`, another window). */
export type RunOrigin = 'window' | 'elsewhere';

export interface RunView {
  origin: RunOrigin;
  /** The owner, for people: "pactown up --detach (supervisor pid 12)". */
  owner?: string;
  /** Why a run that was live is not any more, when it was not done here ("stopped from another process: …"). */
  note?: string;
  /** Why the last save was not applied to the run ("not applied: 1 error in quotes/README.md (…)"), until one is. */
  refused?: string;
  services: ReportedService[];
}

export interface TreeIcon {
  id: string;
  /** A theme colour id. */
  color?: string;
}

/** One row of the Services view, free of VS Code types so it can be tested and shared with the API. */
export interface ServiceNode {
  /** Stable across refreshes: VS Code keeps expansion and selection by id. */
  id: string;
  kind: 'ecosystem' | 'service' | 'readme';
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  icon: TreeIcon;
  /** `markpact.<kind>.<state>[.elsewhere]`: menus match on it. */
  contextValue: string;
  state: ServiceState;
  ecosystemPath: string;
  serviceName?: string;
  readmePath?: string;
  url?: string;
  children: ServiceNode[];
}

export const stateIcons: Record<ServiceState, TreeIcon> = {
  running: { id: 'pass-filled', color: 'testing.iconPassed' },
  starting: { id: 'loading~spin' },
  restarting: { id: 'sync~spin', color: 'editorWarning.foreground' },
  completed: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  blocked: { id: 'debug-pause', color: 'editorWarning.foreground' },
  stopped: { id: 'circle-large-outline' },
};

/** An ecosystem's state: the most pressing of its services' (failed > blocked > restarting > starting > running > completed > stopped). */
export function aggregateState(states: readonly ServiceState[]): ServiceState {
  for (const state of ['failed', 'blocked', 'restarting', 'starting', 'running', 'completed'] as const) if (states.includes(state)) return state;
  return 'stopped';
}

/** Said on the row, not only in its tooltip: its actions go through that owner. */
const elsewhereLabel = 'another process';

function serviceDescription(status: ReportedService, elsewhere: boolean): string {
  const parts = [status.state === 'stopped' ? `:${status.port}` : `${stateText(status.state)} :${status.port}`];
  if (elsewhere) parts.push(elsewhereLabel);
  // Early in the row: what a save just did is what its author looks for.
  if (status.applied) parts.push(status.applied.text);
  if (status.state === 'blocked' && status.blockedBy?.length) parts.push(`waiting on ${status.blockedBy.join(', ')}`);
  if (status.pid) parts.push(`pid ${status.pid}`);
  if (status.restarts) parts.push(`↻${status.restarts}`);
  if (status.cacheKey) parts.push(status.cacheHit ? 'cache hit' : 'cache miss (built)');
  return parts.join(' · ');
}

function serviceTooltip(status: ReportedService, readmePath: string, run: RunView | undefined): string {
  const lines = [`**${status.name}** — ${stateText(status.state)}${run?.origin === 'elsewhere' && status.state !== 'stopped' ? ` (run by another process: ${run.owner ?? 'unknown'})` : ''}`, ''];
  if (run?.note && status.state === 'stopped') lines.push(`_${run.note}_`, '');
  lines.push(`- URL: ${status.url}`);
  lines.push(`- README: \`${readmePath}\``);
  if (status.state !== 'stopped') {
    lines.push(`- health: ${status.healthy ? 'healthy' : 'not healthy'}`);
    if (status.pid) lines.push(`- pid: ${status.pid}`);
    lines.push(`- restarts: ${status.restarts}`);
  }
  if (status.cacheKey) lines.push(`- environment: \`${status.cacheKey}\` (${status.cacheHit ? 'cache hit' : 'built for this run'})`);
  if (status.applied) lines.push(`- last save: ${status.applied.text} at ${new Date(status.applied.at).toLocaleTimeString()}`);
  if (status.error) lines.push('', status.state === 'blocked' ? '**Not started**' : '**Last error**', '', '```text', status.error, '```');
  return lines.join('\n');
}

function serviceNode(ecosystem: CatalogEcosystem, service: CatalogService, run: RunView | undefined): ServiceNode {
  const status = run?.services.find((s) => s.name === service.name) ?? stoppedStatus(service.name, service.port);
  const kind = ecosystem.readme ? 'readme' : 'service';
  const elsewhere = status.state !== 'stopped' && run?.origin === 'elsewhere';
  return {
    id: kind === 'readme' ? `readme:${service.readmePath}` : `service:${ecosystem.path}#${service.name}`,
    kind,
    label: service.name,
    description: serviceDescription(status, elsewhere),
    tooltip: serviceTooltip(status, service.readmePath, run),
    icon: stateIcons[status.state],
    contextValue: `markpact.${kind}.${status.state}${elsewhere ? '.elsewhere' : ''}`,
    state: status.state,
    ecosystemPath: ecosystem.path,
    serviceName: service.name,
    readmePath: service.readmePath,
    url: status.url,
    children: [],
  };
}

export interface ServiceCounts {
  running: number;
  /** One-shot commands that exited 0: done, not a problem. */
  completed: number;
  total: number;
  failed: number;
  blocked: number;
}

/** How many of these service rows are in each state that is counted: the ecosystem rows and the status bar both say this. */
export function countStates(rows: readonly ServiceNode[]): ServiceCounts {
  const count = (state: ServiceState) => rows.filter((r) => r.state === state).length;
  return { running: count('running'), completed: count('completed'), total: rows.length, failed: count('failed'), blocked: count('blocked') };
}

function ecosystemTooltip(name: string, relativePath: string, children: readonly ServiceNode[], run: RunView | undefined): string {
  const counts = countStates(children);
  const parts = [`${counts.running} of ${counts.total} services running`];
  if (counts.completed) parts.push(`${counts.completed} completed`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.blocked) parts.push(`${counts.blocked} blocked`);
  const live = children.some((c) => c.state !== 'stopped');
  const owner = live && run?.owner ? `\n\nOwned by ${run.origin === 'elsewhere' ? 'another process: ' : 'this window, '}${run.owner}.` : '';
  const note = !live && run?.note ? `\n\n_${run.note}_` : '';
  const refused = live && run?.refused ? `\n\n**Last save ${run.refused}**; the run goes on as it was.` : '';
  return `**${name}** — ${relativePath}\n\n${parts.join(', ')}.${owner}${note}${refused}`;
}

function ecosystemNode(ecosystem: CatalogEcosystem, run: RunView | undefined, relativePath: string): ServiceNode {
  const children = ecosystem.services.map((s) => serviceNode(ecosystem, s, run));
  const state = aggregateState(children.map((c) => c.state));
  const { running, completed, total } = countStates(children);
  const live = state !== 'stopped';
  const elsewhere = live && run?.origin === 'elsewhere';
  return {
    id: `ecosystem:${ecosystem.path}`,
    kind: 'ecosystem',
    label: ecosystem.name,
    description: [`${running}/${total} running${completed ? `, ${completed} completed` : ''}`, ...(elsewhere ? [elsewhereLabel] : []), ...(live && run?.refused ? ['last save not applied'] : []), relativePath].join(' · '),
    tooltip: ecosystemTooltip(ecosystem.name, relativePath, children, run),
    icon: { id: 'server-environment', ...(stateIcons[state].color ? { color: stateIcons[state].color } : {}) },
    contextValue: `markpact.ecosystem.${live ? 'live' : 'stopped'}${elsewhere ? '.elsewhere' : ''}`,
    state,
    ecosystemPath: ecosystem.path,
    children,
  };
}

/**
 * The Services view: ecosystems (sorted by name) with their services in YAML order, then the
 * standalone READMEs (sorted by name). `relative` shortens paths for display.
 */
export function buildServiceTree(ecosystems: readonly CatalogEcosystem[], runs: ReadonlyMap<string, RunView>, relative: (path: string) => string): ServiceNode[] {
  const byName = (a: CatalogEcosystem, b: CatalogEcosystem) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path);
  const composed = ecosystems.filter((e) => !e.readme).sort(byName).map((e) => ecosystemNode(e, runs.get(e.path), relative(e.path)));
  const standalone = ecosystems.filter((e) => e.readme).sort(byName).map((e) => {
    const run = runs.get(e.path);
    const node = serviceNode(e, e.services[0], run);
    const refused = node.state !== 'stopped' && run?.refused;
    return {
      ...node,
      description: [node.description, ...(refused ? ['last save not applied'] : []), relative(e.readme!)].join(' · '),
      ...(refused ? { tooltip: `${node.tooltip}\n\n**Last save ${run.refused}**; it goes on as it was.` } : {}),
    };
  });
  return [...composed, ...standalone];
}

/**
 * The status bar's counts, from the view's own rows: every service of each ecosystem with a live
 * run (as its row counts them) and each standalone README that runs.
 */
export function runCounts(tree: readonly ServiceNode[]): ServiceCounts {
  const total: ServiceCounts = { running: 0, completed: 0, total: 0, failed: 0, blocked: 0 };
  for (const row of tree) {
    if (row.state === 'stopped') continue;
    const counts = countStates(row.kind === 'ecosystem' ? row.children : [row]);
    total.running += counts.running;
    total.completed += counts.completed;
    total.total += counts.total;
    total.failed += counts.failed;
    total.blocked += counts.blocked;
  }
  return total;
}
