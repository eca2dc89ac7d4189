import type { ServiceModel } from '../markpact/service';

/** Toolchains the local run counts as "Python" (its default) that an image must provide instead: the run command's program → the runtime named in `--base-image`. */
const OTHER_TOOLCHAINS: Record<string, string> = {
  go: 'go', cargo: 'rust', rustc: 'rust', php: 'php', ruby: 'ruby', bundle: 'ruby', java: 'java', mvn: 'java', gradle: 'java', dotnet: 'dotnet', deno: 'deno', bun: 'bun',
};

/** Base images for the runtimes the local run knows; any other comes from `--base-image RUNTIME=IMAGE`. */
export const defaultBaseImages: Readonly<Record<string, string>> = { python: 'python:3.11-slim', node: 'node:20-slim' };

/**
 * The runtime a service's image needs: Node or Python as the local run detects it, except a
 * service the local run takes as Python by default whose run command starts another toolchain
 * (`go run main.go` → `go`).
 */
export function exportRuntime(model: ServiceModel): string {
  if (model.runtime.runtime === 'node' || model.runtime.rule !== 'default') return model.runtime.runtime;
  const program = firstProgram(model.run?.command ?? '');
  return OTHER_TOOLCHAINS[program] ?? 'python';
}

/** The first word of a command that is not a `NAME=value` assignment. */
function firstProgram(command: string): string {
  for (const word of command.trim().split(/\s+/)) if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) return word.split('/').pop() ?? '';
  return '';
}
