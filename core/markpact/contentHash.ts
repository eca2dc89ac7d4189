import { createHash } from 'node:crypto';

/**
 * `markpact sync --hash` (0.1.42, `syncer._content_sha256`): the first 12 hex digits of the
 * SHA-256 of the block body's UTF-8 bytes. The body it hashes is the source file's text with
 * every trailing `\n` removed (`read_text().rstrip("\n")`), which is also what it writes into the block.
 */
export function markpactContentHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 12);
}

/** What `markpact sync` puts in a block for a file's text: the text without its trailing newlines. */
export function syncedBody(fileText: string): string {
  let end = fileText.length;
  while (end > 0 && fileText.charCodeAt(end - 1) === 10) end--;
  return fileText.slice(0, end);
}
