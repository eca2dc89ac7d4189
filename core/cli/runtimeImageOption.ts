import { UsageError } from './usageError';

/** `go=golang:1.22` → ['go', 'golang:1.22']: a runtime's name, and an image reference without spaces. */
export function runtimeImageOption(value: string): [string, string] {
  const match = /^([a-z][a-z0-9_-]*)=(\S+)$/.exec(value);
  if (!match) throw new UsageError(`--base-image ${value}: expected RUNTIME=IMAGE (for example go=golang:1.22)`);
  return [match[1], match[2]];
}
