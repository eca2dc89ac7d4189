// One build script for the three Node bundles: the VS Code client, the language server and the CLI.
// `--watch` rebuilds on change; `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints the lines VS Code's `$esbuild-watch` problem matcher looks for. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const entries = {
  extension: 'client/src/extension.ts',
  server: 'server/src/server.ts',
  cli: 'core/cli/main.ts',
};

const options = {
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  // A named import that resolves to nothing is a broken bundle, not a warning.
  logOverride: { 'import-is-undefined': 'error' },
  metafile: true,
  plugins: [problemMatcher],
};

const context = await esbuild.context(options);
if (watch) {
  await context.watch();
} else {
  await context.rebuild();
  await context.dispose();
}
