import { parseHttpTestLine, testKind, type HttpTest } from '../markpact/httpTest';
import type { LoadedReadme } from '../markpact/loadReadme';
import type { MarkpactBlock, Token } from '../markpact/model';
import { lineCharacterAt } from '../text/lineCharacter';
import { testBlockId, testLineIds } from './testIds';

/** A zero-based line and UTF-16 character range on one line of a README. */
export interface LineRange {
  line: number;
  start: number;
  end: number;
}

/** One line of a `markpact:test` block: an HTTP request to check, or a shell command that must exit 0. */
export type TestLine = {
  /** Unique within its service, and kept while lines are added or removed elsewhere (see testIds). */
  id: string;
  service: string;
  /** The README the line is written in (an included file for an included block). */
  file: string;
  range: LineRange;
  /** The line as written, trimmed: what the Testing view and JUnit call the test. */
  label: string;
} & (
  | { kind: 'http'; test: HttpTest }
  /** A line that is not `METHOD /path [BODY {json}] [EXPECT status]`: it fails with the parser's message, as markpact fails it. */
  | { kind: 'invalid'; message: string }
  | { kind: 'shell'; command: string }
);

/** One `markpact:test` block with its lines, in order. */
export interface TestBlock {
  /** Its file and its place among that file's test blocks (see testIds). */
  id: string;
  kind: 'http' | 'shell';
  file: string;
  /** From the opening fence line to the closing one. */
  startLine: number;
  endLine: number;
  lines: TestLine[];
}

/** Every test of a service, blocks in README order (own blocks, then included ones, as the service is derived). */
export interface ServiceTests {
  service: string;
  readmePath: string;
  blocks: TestBlock[];
}

/** Every test line of a service, in the order they run. */
export const testLines = (tests: ServiceTests): TestLine[] => tests.blocks.flatMap((b) => b.lines);

/**
 * The tests of a README as a service runs them (spec §1.7): per `markpact:test` block, one test
 * per non-blank line that is not a `#` comment, with its place in the file it is written in.
 */
export function planServiceTests(loaded: LoadedReadme, service: string, readmePath: string): ServiceTests {
  const textOf = (block: MarkpactBlock) => (block.sourcePath ? loaded.includes.documents.get(block.sourcePath)?.text : loaded.doc.text) ?? '';
  const ordinals = new Map<string, number>();
  const blocks = loaded.includes.blocks.filter((b) => b.kind === 'test').map((block): TestBlock => {
    const file = block.sourcePath ?? readmePath;
    const ordinal = ordinals.get(file) ?? 0;
    ordinals.set(file, ordinal + 1);
    const id = testBlockId(file, ordinal);
    const text = textOf(block);
    const startLine = lineCharacterAt(text, block.span.start).line;
    const endLine = lineCharacterAt(text, block.span.end).line;
    const kind = testKind(block);
    const tokens = block.lines.filter((l) => l.text.trim() !== '' && !l.text.trim().startsWith('#'));
    const ids = testLineIds(id, tokens.map((l) => l.text.trim()));
    const lines = tokens.map((line, i) => testLine(ids[i], service, file, text, line, kind));
    return { id, kind, file, startLine, endLine, lines };
  });
  return { service, readmePath, blocks };
}

function testLine(id: string, service: string, file: string, text: string, line: Token, kind: 'http' | 'shell'): TestLine {
  const at = lineCharacterAt(text, line.span.start);
  const label = line.text.trim();
  const lead = line.text.length - line.text.trimStart().length;
  const base = { id, service, file, label, range: { line: at.line, start: at.character + lead, end: at.character + lead + label.length } };
  if (kind === 'shell') return { ...base, kind, command: label };
  const parsed = parseHttpTestLine(line.text);
  if (parsed.kind === 'test') return { ...base, kind: 'http', test: parsed.test };
  return { ...base, kind: 'invalid', message: parsed.kind === 'invalid' ? parsed.message : 'not a test line' };
}
