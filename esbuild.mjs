// One build script for the three Node bundles: the VS Code client, the language server and the CLI.
// `--watch` rebuilds on change; `--production` minifies and drops source maps; `--outdir=<dir>`
// writes somewhere other than dist/ (the bench measures production sizes that way).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

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

/**
 * The extension loads the parsers and the orchestrator on first use (client/src/engine.ts): its
 * require of core/engine becomes dist/engine.js, a bundle of its own. The check keeps them out:
 * a static import of one of them from the client would fail the build, not slow activation.
 */
const lazyEngine = {
  name: 'lazy-engine',
  setup(build) {
    build.onResolve({ filter: /\/core\/engine$/ }, (args) =>
      args.kind === 'require-call' && args.importer.includes('/client/src/') ? { path: './engine.js', external: true } : undefined);
    build.onEnd((result) => {
      const extension = Object.entries(result.metafile?.outputs ?? {}).find(([file]) => file.endsWith('/extension.js') || file === 'extension.js');
      const inputs = Object.keys(extension?.[1].inputs ?? {});
      const heavy = inputs.filter((input) => /node_modules\/(yaml|remark-parse|micromark|unified)\/|core\/(markpact\/parse|pactown\/parse|runtime\/orchestrator|cache\/environments)\.ts$/.test(input));
      if (heavy.length > 0) {
        result.errors.push({ text: `dist/extension.js must load these through client/src/engine.ts, not import them: ${heavy.slice(0, 5).join(', ')}` });
      }
    });
  },
};

const entries = {
  extension: 'client/src/extension.ts',
  engine: 'core/engine.ts',
  server: 'server/src/server.ts',
  cli: 'core/cli/main.ts',
};

const options = {
  entryPoints: entries,
  outdir,
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
  plugins: [lazyEngine, problemMatcher],
};

const context = await esbuild.context(options);
if (watch) {
  await context.watch();
} else {
  try {
    // Errors that plugins add after the build (the engine check) do not reject rebuild().
    const result = await context.rebuild();
    if (result.errors.length > 0) process.exitCode = 1;
  } finally {
    await context.dispose();
  }
}
