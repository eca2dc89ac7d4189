// The .vsix holds everything the installed extension reads: what package.json points to, the
// bundles the extension loads at run time, and the images its README shows.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { test } from 'node:test';

interface Manifest {
  main: string;
  contributes: {
    grammars: { path: string }[];
    languages: { configuration?: string }[];
    viewsContainers: Record<string, { icon: string }[]>;
    walkthroughs: { steps: { media: { markdown: string } }[] }[];
  };
}

/** The files `npm run package` puts in the .vsix (`vsce ls` applies the same .vscodeignore, without building). */
function packagedFiles(): Set<string> {
  const vsce = join('node_modules', '.bin', 'vsce');
  const listing = execFileSync(vsce, ['ls', '--no-dependencies'], { encoding: 'utf8' });
  return new Set(listing.split('\n').filter(Boolean).map((file) => normalize(file)));
}

test('the package holds what package.json points to, the bundles the extension loads, and the README images', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
  const readme = readFileSync('README.md', 'utf8');
  const needed = [
    manifest.main,
    'dist/engine.js',
    'dist/server.js',
    ...manifest.contributes.grammars.map((g) => g.path),
    ...manifest.contributes.languages.flatMap((l) => (l.configuration ? [l.configuration] : [])),
    ...Object.values(manifest.contributes.viewsContainers).flat().map((c) => c.icon),
    ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown)),
    ...[...readme.matchAll(/!\[[^\]]*\]\((?!https?:)([^)\s]+)\)/g)].map((m) => m[1]),
  ].map((file) => normalize(file));
  assert.ok(needed.some((file) => file.endsWith('.png')), 'the README shows screenshots');

  const files = packagedFiles();
  const missing = needed.filter((file) => !files.has(file));
  assert.deepEqual(missing, [], `missing from the .vsix: ${missing.join(', ')}`);
  const stray = [...files].filter((file) => /^(node_modules|core|client|server|test|\.vscode-host|examples)\//.test(file));
  assert.deepEqual(stray, [], 'sources and dependencies stay out (everything is bundled)');
});
