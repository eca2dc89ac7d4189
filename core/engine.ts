// The heavy half of core that the VS Code client needs: the parsers (remark, yaml), the
// orchestrator and the environment builder. The build bundles it as dist/engine.js, which the
// extension requires on first use (client/src/engine.ts), so activation does not load it.
export { ensureEnvironment } from './cache/environments';
export { defaultExportFolder, exportEcosystem } from './export/exportEcosystem';
export { ExportError } from './export/plan';
export { analyzeReadme } from './markpact/loadReadme';
export { parseMarkpact } from './markpact/parse';
export { parseEcosystem } from './pactown/parse';
export { ConfinementError } from './runtime/confinedDir';
export { InvalidEcosystemError } from './runtime/checkedEcosystem';
export { Orchestrator } from './runtime/orchestrator';
export { addServiceEntry } from './scaffold/addService';
export { generateEcosystem } from './scaffold/generate';
export { planTests } from './testing/ecosystemTests';
