import type { EcosystemConfig } from './model';

/**
 * Each service's local dependencies, in YAML order of the services and written order of the
 * entries. Names that are not services here (external artifacts, typos) are left out, and a
 * repeated name counts once — pactown counts it twice and reports a false cycle (spec §2.3).
 */
export function localDependencies(config: EcosystemConfig): Map<string, string[]> {
  const names = new Set(config.services.map((s) => s.name));
  const graph = new Map<string, string[]>();
  for (const service of config.services) {
    graph.set(service.name, [...new Set(service.dependsOn.map((d) => d.name).filter((n) => names.has(n)))]);
  }
  return graph;
}

/** Who depends on each service, scanning dependents in YAML order (as pactown's Kahn loop does). */
function dependentsOf(graph: Map<string, string[]>): Map<string, string[]> {
  const dependents = new Map<string, string[]>([...graph.keys()].map((n) => [n, []]));
  for (const [name, deps] of graph) for (const dep of deps) dependents.get(dep)?.push(name);
  return dependents;
}

/**
 * The sequential start order (spec §3.1): Kahn's algorithm whose queue starts with the services
 * without local dependencies in YAML order, and which scans dependents in YAML order — the same
 * order as `pactown up --sequential`. Services in or behind a cycle are left out (see findCycles).
 * Shutdown is the reverse.
 */
export function startOrder(config: EcosystemConfig): string[] {
  const graph = localDependencies(config);
  const dependents = dependentsOf(graph);
  const waiting = new Map([...graph].map(([name, deps]) => [name, deps.length]));
  const queue = [...graph.keys()].filter((name) => waiting.get(name) === 0);
  for (let i = 0; i < queue.length; i++) {
    for (const dependent of dependents.get(queue[i]) ?? []) {
      const left = (waiting.get(dependent) ?? 0) - 1;
      waiting.set(dependent, left);
      if (left === 0) queue.push(dependent);
    }
  }
  return queue;
}

/** The named services and everything they depend on, directly or not. */
export function withDependencies(config: EcosystemConfig, names: readonly string[]): Set<string> {
  const graph = localDependencies(config);
  const needed = new Set<string>();
  const visit = (name: string) => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const dep of graph.get(name) ?? []) visit(dep);
  };
  names.forEach(visit);
  return needed;
}

/**
 * Services that can start together (spec §3.1, parallel mode): each wave holds the services whose
 * local dependencies are all in earlier waves, in YAML order. Services in or behind a cycle are left out.
 */
export function startWaves(config: EcosystemConfig): string[][] {
  const graph = localDependencies(config);
  const wave = new Map<string, number>();
  for (const name of startOrder(config)) {
    wave.set(name, (graph.get(name) ?? []).reduce((latest, dep) => Math.max(latest, wave.get(dep) ?? -1), -1) + 1);
  }
  const waves: string[][] = [];
  for (const name of graph.keys()) {
    const w = wave.get(name);
    if (w !== undefined) (waves[w] ??= []).push(name);
  }
  return waves;
}

/**
 * The dependency cycles, each as the names along it back to its start (`[a, b, c, a]`: a depends
 * on b, b on c, c on a). One cycle per group of mutually dependent services (strongly connected
 * component): the shortest one through the group's first service in YAML order. A service that
 * depends on itself gives `[a, a]`. Sorted by that first service's YAML position.
 */
export function findCycles(config: EcosystemConfig): string[][] {
  const graph = localDependencies(config);
  const cycles: string[][] = [];
  for (const group of stronglyConnected(graph)) {
    const start = group[0];
    const members = new Set(group);
    if (group.length > 1 || graph.get(start)?.includes(start)) cycles.push(shortestCycle(graph, start, members));
  }
  const position = new Map([...graph.keys()].map((name, i) => [name, i]));
  return cycles.sort((a, b) => (position.get(a[0]) ?? 0) - (position.get(b[0]) ?? 0));
}

/** Breadth-first from `start` inside its group, until an edge leads back to it. */
function shortestCycle(graph: Map<string, string[]>, start: string, members: Set<string>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(parent.get(path[0]) ?? start);
        return [...path, start];
      }
      if (!members.has(next) || parent.has(next)) continue;
      parent.set(next, node);
      queue.push(next);
    }
  }
  return [start, start];
}

/** Tarjan's algorithm without recursion (a chain of thousands of services must not overflow the stack); each group in YAML order. */
function stronglyConnected(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const position = new Map([...graph.keys()].map((name, i) => [name, i]));
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const { node } = frame;
      if (frame.next === 0 && !index.has(node)) {
        index.set(node, index.size);
        low.set(node, index.get(node) ?? 0);
        stack.push(node);
        onStack.add(node);
      }
      const deps = graph.get(node) ?? [];
      if (frame.next < deps.length) {
        const dep = deps[frame.next++];
        if (!index.has(dep)) work.push({ node: dep, next: 0 });
        else if (onStack.has(dep)) low.set(node, Math.min(low.get(node) ?? 0, index.get(dep) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(node) ?? 0));
      if (low.get(node) !== index.get(node)) continue;
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      groups.push(group.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0)));
    }
  }
  return groups;
}
