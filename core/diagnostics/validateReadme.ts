import { basename, dirname, relative } from 'node:path';
import { append } from '../text/append';
import { checkBlockHashes } from './blockHashes';
import { resolveIncludes } from '../markpact/include';
import { hasMarkpact, type MarkpactDocument } from '../markpact/model';
import { parseMarkpact } from '../markpact/parse';
import { lineCharacterAt } from '../text/lineCharacter';
import type { Span } from '../text/span';
import type { FileReader } from '../workspace';
import type { Problem } from './problem';
import { checkReadme } from './readme';

/** A service of some ecosystem that runs this README. */
export interface ReadmeUser {
  /** The ecosystem file. */
  path: string;
  service: string;
  /** The service's key in that file. */
  span: Span;
  /** The port the service is given there (its `port:` or the automatic one). */
  port?: number;
}

/**
 * Every `markpact` problem of a README: its own blocks, its includes (when it has a path on
 * disk to resolve them from) and, when ecosystems run it, which services a missing run command
 * stops from starting.
 */
export async function validateReadme(path: string | undefined, doc: MarkpactDocument, reader: FileReader, context: { users?: ReadmeUser[] } = {}): Promise<Problem[]> {
  // A README whose every block a fence swallowed has no blocks, and still that fence to report.
  if (!hasMarkpact(doc) && doc.fenceIssues.length === 0) return [];
  const users = context.users ?? [];
  const serviceName = users[0]?.service;
  const includes = path ? await resolveIncludes(path, doc, reader, parseMarkpact) : undefined;
  const ports = users.flatMap((u) => (u.port === undefined ? [] : [{ port: u.port, who: `'${u.service}' in ${basename(u.path)} runs it on` }]));
  const problems = checkReadme(doc, { ...(includes ? { includes } : {}), ...(serviceName !== undefined ? { serviceName } : {}), ports });
  if (path) {
    append(problems, await checkBlockHashes(path, doc, reader));
    problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  }
  const noRun = problems.find((p) => p.code === 'no-run');
  if (noRun && users.length > 0) await explainWhoCannotStart(noRun, path, users, reader);
  return problems;
}

/** At most this many users are named and linked: thousands of services can share one README. */
const USERS_SHOWN = 10;
const USERS_LINKED = 20;

async function explainWhoCannotStart(problem: Problem, readmePath: string | undefined, users: ReadmeUser[], reader: FileReader): Promise<void> {
  const names = users.slice(0, USERS_SHOWN).map((u) => `'${u.service}' in ${readmePath ? relative(dirname(readmePath), u.path) : u.path}`);
  const more = users.length > USERS_SHOWN ? ` and ${users.length - USERS_SHOWN} more` : '';
  problem.message += `. The service ${names.join(', ')}${more} cannot start without one`;
  problem.related = [...(problem.related ?? [])];
  for (const user of users.slice(0, USERS_LINKED)) {
    const text = await reader.readText(user.path);
    if (text === undefined) continue;
    problem.related.push({
      path: user.path,
      span: user.span,
      range: { start: lineCharacterAt(text, user.span.start), end: lineCharacterAt(text, user.span.end) },
      message: `service '${user.service}' runs this README`,
    });
  }
}
