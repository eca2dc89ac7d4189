import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ApplyResult } from '../runtime/apply/result';

/**
 * Quiet time after a change before applying: long enough for an editor's write (truncate and
 * write, or write beside and rename) to finish, short against a service's restart.
 */
export const quietMs = 15;

export interface WatchOptions {
  /** The files the run is made from, asked again after every apply (the READMEs it runs can change). */
  inputFiles: () => readonly string[];
  /** Applies the run's files; `changed` are those seen changing (the run reports the outcome itself). */
  apply: (changed: string[]) => Promise<ApplyResult>;
  onError: (error: unknown) => void;
  /** Quiet time after the last change before applying (editors write a file in several steps). */
  debounceMs?: number;
  /** A file changing without pause is still applied this often. */
  maxWaitMs?: number;
}

/**
 * Watches the files of a run and applies each change: their folders are watched (an editor that
 * saves by writing a new file and renaming it over the old one is seen too), changes are
 * gathered until the files are quiet for `debounceMs` (at most `maxWaitMs`), and one apply runs
 * at a time. Returns a function that stops watching.
 */
export function watchInputs(options: WatchOptions): () => void {
  const debounceMs = options.debounceMs ?? quietMs;
  const maxWaitMs = options.maxWaitMs ?? 1_000;
  const watchers = new Map<string, FSWatcher>();
  let files = new Set<string>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let firstChange = 0;
  let applying: Promise<void> | undefined;
  let closed = false;

  const refresh = () => {
    files = new Set(options.inputFiles());
    const folders = new Set([...files].map((f) => dirname(f)));
    for (const [folder, watcher] of watchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      watchers.delete(folder);
    }
    for (const folder of folders) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, name) => name && changed(join(folder, name.toString())));
        watcher.on('error', () => {
          watcher.close();
          watchers.delete(folder);
        });
        watchers.set(folder, watcher);
      } catch {
        // A folder that does not exist (yet): its README is missing, which an apply reports.
      }
    }
  };

  const changed = (path: string) => {
    if (closed || !files.has(path)) return;
    if (pending.size === 0) firstChange = Date.now();
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(fire, Math.max(0, Math.min(debounceMs, firstChange + maxWaitMs - Date.now())));
  };

  const fire = () => {
    timer = undefined;
    // Changes during an apply are gathered and applied once it is done.
    if (applying || closed || pending.size === 0) return;
    const batch = [...pending];
    pending.clear();
    applying = options.apply(batch).then(() => undefined, options.onError).finally(() => {
      applying = undefined;
      if (closed) return;
      refresh();
      if (pending.size > 0) fire();
    });
  };

  refresh();
  return () => {
    closed = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}
