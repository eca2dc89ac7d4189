import { createHash } from 'node:crypto';

/**
 * Ids for the Testing view that survive edits elsewhere in the README, so that VS Code keeps an
 * item's results and the user's expanded state while lines are added or removed above it.
 * A block is its file and its place among that file's test blocks; a line is its block, a hash of
 * its text and how many lines before it in the block share that hash. Only an edit of the line's
 * own text (or of an identical line before it, or a test block added above) changes its id.
 */
export const testBlockId = (file: string, ordinal: number): string => `${file}#test-block-${ordinal + 1}`;

/** The ids of a block's lines, given their texts in order: distinct even for identical lines. */
export function testLineIds(blockId: string, texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const hash = contentHash(text);
    // Counted per hash, not per text: two texts that share a hash still get distinct ids.
    const occurrence = seen.get(hash) ?? 0;
    seen.set(hash, occurrence + 1);
    return `${blockId}/${hash}${occurrence > 0 ? `~${occurrence + 1}` : ''}`;
  });
}

const contentHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
