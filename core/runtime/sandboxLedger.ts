import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSandboxPath } from '../markpact/sandboxPath';

/** What pactown made in a service's sandbox: the folder (by identity) and the files it wrote there. */
export interface LedgerEntry {
  service: string;
  dev: number;
  ino: number;
  files: string[];
}

const maxBytes = 2 * 1024 * 1024;
const maxFiles = 10_000;
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 20);

/**
 * The record of what each service's sandbox holds that pactown wrote, kept where no README can
 * write (the user's private runs folder), so the files a rerun removes are only ever those a run
 * wrote, and a folder pactown did not make is never taken for one it did.
 */
export class SandboxLedger {
  private readonly dir: string;

  /** `runsDir`: the private runs folder (see control/runsDir); `ecosystem`: the ecosystem's real path. */
  constructor(runsDir: string, ecosystem: string) {
    this.dir = join(runsDir, 'sandboxes', hash(ecosystem));
  }

  private file(service: string): string {
    return join(this.dir, `${hash(service)}.json`);
  }

  read(service: string): LedgerEntry | undefined {
    let text: string;
    try {
      text = readFileSync(this.file(service), 'utf8');
    } catch {
      return undefined;
    }
    if (text.length > maxBytes) return undefined;
    try {
      const value = JSON.parse(text) as Partial<LedgerEntry>;
      const { dev, ino, files } = value;
      if (value.service !== service || !Number.isSafeInteger(dev) || !Number.isSafeInteger(ino) || !Array.isArray(files) || files.length > maxFiles) return undefined;
      // Only plain relative paths inside the sandbox, as the writer would have written them.
      const safe = files.filter((f): f is string => typeof f === 'string' && (() => {
        const checked = checkSandboxPath(f);
        return checked.safe && checked.path === f;
      })());
      return { service, dev: dev!, ino: ino!, files: safe };
    } catch {
      return undefined;
    }
  }

  write(entry: LedgerEntry): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.file(entry.service);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(entry), { mode: 0o600 });
    renameSync(temp, file);
  }
}
