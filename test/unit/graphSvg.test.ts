import assert from 'node:assert/strict';
import test from 'node:test';
import { dependencyGraphSvg, graphLegend } from '../../client/src/model/graphSvg';
import { timeAgo, humanSize } from '../../core/text/humanize';

test('the graph has a box per service, an arrow per dependency, columns by start wave', () => {
  const svg = dependencyGraphSvg(
    [
      { name: 'db', port: 1, dependsOn: [], state: 'running' },
      { name: 'api', port: 2, dependsOn: ['db'], state: 'failed' },
      { name: 'web<x>', port: 3, dependsOn: ['api'], state: 'stopped' },
    ],
    [['db'], ['api'], ['web<x>']],
  );
  assert.equal((svg.match(/<g class="node"/g) ?? []).length, 3);
  assert.equal((svg.match(/<path class="edge"/g) ?? []).length, 2);
  assert.match(svg, /translate\(20,20\)[\s\S]*db/);
  assert.match(svg, /translate\(270,20\)[\s\S]*api/);
  assert.match(svg, /web&#60;x&#62;/, 'names are escaped');
  assert.doesNotMatch(svg, /web<x>/);
});

test('arrows go from a service to what it depends on, as pactown graph --format mermaid draws them', () => {
  const svg = dependencyGraphSvg(
    [
      { name: 'db', port: 1, dependsOn: [], state: 'running' },
      { name: 'api', port: 2, dependsOn: ['db'], state: 'running' },
    ],
    [['db'], ['api']],
  );
  // db's box spans x 20–190, api's 270–440, both at y 20–66: the arrow leaves api's left side and ends on db's right side.
  const edge = /<path class="edge" d="M([\d.]+),([\d.]+) C[^"]* ([\d.]+),([\d.]+)" marker-end="url\(#arrow\)"><title>api depends on db<\/title>/.exec(svg);
  assert.ok(edge, svg);
  assert.deepEqual(edge.slice(1).map(Number), [270, 43, 190, 43]);
});

test('a legend says how to read it, and each box names its service for clicks', () => {
  const svg = dependencyGraphSvg([{ name: 'db', port: 1, dependsOn: [], state: 'stopped' }, { name: 'a"b', port: 2, dependsOn: ['db'], state: 'stopped' }], [['db'], ['a"b']]);
  assert.equal(graphLegend, 'A → B: A depends on B; columns in start order, left first');
  assert.match(svg, new RegExp(`<text class="legend"[^>]*>${graphLegend}</text>`));
  assert.match(svg, /<g class="node" data-service="db"/);
  assert.match(svg, /<g class="node" data-service="a&#34;b"/, 'names are escaped in attributes too');
  const [, width] = /<svg [^>]*width="(\d+)"/.exec(svg)!;
  assert.ok(Number(width) >= 400, 'wide enough for the legend');
});

test('services in a cycle get a last column with a red border', () => {
  const svg = dependencyGraphSvg([{ name: 'a', port: 1, dependsOn: ['b'], state: 'stopped' }, { name: 'b', port: 2, dependsOn: ['a'], state: 'stopped' }], []);
  assert.equal((svg.match(/stroke="#f85149"/g) ?? []).length, 2);
});

test('sizes and ages read like a file manager and a chat app', () => {
  assert.equal(humanSize(512), '512 B');
  assert.equal(humanSize(1536), '1.5 KB');
  const now = Date.parse('2026-01-02T00:00:00Z');
  assert.equal(timeAgo('2026-01-01T23:59:30Z', now), 'just now');
  assert.equal(timeAgo('2026-01-01T23:55:00Z', now), '5 min ago');
  assert.equal(timeAgo('2026-01-01T21:00:00Z', now), '3 h ago');
  assert.equal(timeAgo('2025-12-31T00:00:00Z', now), '2 days ago');
  assert.equal(timeAgo('nonsense', now), 'at an unknown time');
});
