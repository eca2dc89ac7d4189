import type * as Engine from '../../core/engine';

let loaded: typeof Engine | undefined;

/**
 * The parsers, orchestrator and environment builder, loaded on first use: they are most of the
 * extension's load time and nothing in activate() needs them. In the bundle this require is
 * dist/engine.js (see esbuild.mjs); from source it is core/engine.ts.
 */
export function engine(): typeof Engine {
  loaded ??= require('../../core/engine') as typeof Engine;
  return loaded;
}
