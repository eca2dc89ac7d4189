import type { ServiceState } from '../../../core/runtime/serviceStatus';

export interface GraphService {
  name: string;
  port: number;
  dependsOn: string[];
  state: ServiceState;
}

const stateColors: Record<ServiceState, string> = {
  running: '#2ea043',
  starting: '#0078d4',
  restarting: '#d29922',
  completed: '#2ea043',
  failed: '#f85149',
  blocked: '#d29922',
  stopped: '#8b949e',
};

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

const WIDTH = 170;
const HEIGHT = 46;
const GAP_X = 80;
const GAP_Y = 24;
const MARGIN = 20;
const LEGEND_HEIGHT = 28;
/** Room for the legend's line, however few columns there are. */
const LEGEND_WIDTH = 380;

/** How to read the picture: the arrows point the way `pactown graph --format mermaid` draws them. */
export const graphLegend = 'A → B: A depends on B; columns in start order, left first';

/**
 * The dependency graph as an SVG: one column per start wave (what starts first on the left), an
 * arrow from each service to each service it depends on (as the CLI's mermaid output), boxes
 * coloured by state, a legend below. Services the waves leave out (in or behind a cycle) get a
 * last column with a red border. Each box carries its service's name (`data-service`) for clicks.
 */
export function dependencyGraphSvg(services: readonly GraphService[], waves: readonly (readonly string[])[]): string {
  const placed = new Set(waves.flat());
  const columns = [...waves.map((w) => [...w])];
  const stuck = services.filter((s) => !placed.has(s.name)).map((s) => s.name);
  if (stuck.length > 0) columns.push(stuck);
  const position = new Map<string, { x: number; y: number }>();
  columns.forEach((column, c) => column.forEach((name, r) => position.set(name, { x: MARGIN + c * (WIDTH + GAP_X), y: MARGIN + r * (HEIGHT + GAP_Y) })));
  const width = MARGIN * 2 + Math.max(LEGEND_WIDTH, Math.max(1, columns.length) * WIDTH + Math.max(0, columns.length - 1) * GAP_X);
  const graphHeight = MARGIN * 2 + Math.max(1, ...columns.map((c) => c.length)) * (HEIGHT + GAP_Y) - GAP_Y;
  const height = graphHeight + LEGEND_HEIGHT;

  const edges: string[] = [];
  for (const service of services) {
    const from = position.get(service.name);
    for (const dep of service.dependsOn) {
      const to = position.get(dep);
      if (!from || !to) continue;
      // From the dependent's left side back to its dependency's right side (dependencies start first, further left).
      const [x1, y1, x2, y2] = [from.x, from.y + HEIGHT / 2, to.x + WIDTH, to.y + HEIGHT / 2];
      const bend = Math.max(30, Math.abs(x2 - x1) / 2);
      edges.push(`<path class="edge" d="M${x1},${y1} C${x1 - bend},${y1} ${x2 + bend},${y2} ${x2},${y2}" marker-end="url(#arrow)"><title>${escapeXml(service.name)} depends on ${escapeXml(dep)}</title></path>`);
    }
  }
  const nodes = services.map((service) => {
    const at = position.get(service.name)!;
    const border = stuck.includes(service.name) ? '#f85149' : stateColors[service.state];
    return [
      `<g class="node" data-service="${escapeXml(service.name)}" transform="translate(${at.x},${at.y})"><title>${escapeXml(service.name)}: ${service.state} (click to open its README)</title>`,
      `<rect width="${WIDTH}" height="${HEIGHT}" rx="6" stroke="${border}" stroke-width="2"/>`,
      `<circle cx="14" cy="${HEIGHT / 2}" r="5" fill="${stateColors[service.state]}"/>`,
      `<text x="26" y="19" class="name">${escapeXml(service.name)}</text>`,
      `<text x="26" y="36" class="detail">:${service.port} · ${service.state}</text>`,
      '</g>',
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
    ...edges,
    ...nodes,
    `<text class="legend" x="${MARGIN}" y="${graphHeight + LEGEND_HEIGHT / 2}">${escapeXml(graphLegend)}</text>`,
    '</svg>',
  ].join('\n');
}
