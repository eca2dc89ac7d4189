/**
 * The only way core code reads other files. The language server passes a view where open
 * documents win over the disk; the command line passes the disk. Nothing here executes anything.
 */
export interface FileReader {
  /** The file's text, or undefined when it does not exist or is not a readable file. */
  readText(absPath: string): Promise<string | undefined>;
  /** Told of a file the result depends on without reading it (it may not exist yet): the language server watches it. */
  touch?(absPath: string): void;
}
