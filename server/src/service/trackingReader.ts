import type { FileReader } from '../../../core/workspace';

/** A FileReader that remembers which files a validation read, so their changes re-validate it. */
export class TrackingReader implements FileReader {
  readonly paths = new Set<string>();

  constructor(private readonly inner: FileReader) {}

  touch(path: string): void {
    this.paths.add(path);
  }

  readText(path: string): Promise<string | undefined> {
    this.paths.add(path);
    return this.inner.readText(path);
  }
}
