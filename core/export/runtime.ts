import type { ServiceModel } from '../markpact/service';
import { commandProgram } from '../runtime/commandProgram';
import { otherToolchains } from '../runtime/toolchains';

/** Base images for the runtimes the local run knows; any other comes from `--base-image RUNTIME=IMAGE`. */
export const defaultBaseImages: Readonly<Record<string, string>> = { python: 'python:3.11-slim', node: 'node:20-slim' };

/**
 * The runtime a service's image needs: Node or Python as the local run detects it, except a
 * service the local run takes as Python by default whose run command starts another toolchain
 * (`go run main.go` → `go`).
 */
export function exportRuntime(model: ServiceModel): string {
  if (model.runtime.runtime === 'node' || model.runtime.rule !== 'default') return model.runtime.runtime;
  const program = commandProgram(model.run?.command ?? '');
  return (program && otherToolchains[program]?.runtime) || 'python';
}
