import { relative } from 'node:path';

/** A path relative to where the command runs, as compilers print paths. */
export const shownPath = (path: string) => relative(process.cwd(), path) || path;
