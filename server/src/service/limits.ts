import { humanSize } from '../../../core/text/humanize';

/**
 * What the language server checks, so that no document of any size can hold it up (every request
 * answered within a second, memory bounded): README and ecosystem files up to these sizes, and in
 * a README (and each file it includes, and each README an ecosystem runs) the markpact parts up
 * to a budget — prose is skipped without parsing whatever its length. Running is not limited.
 */
export const limits = {
  readmeBytes: 4 * 1024 * 1024,
  ecosystemBytes: 512 * 1024,
  /** Characters of markpact-bearing Markdown parsed per file (remark takes about 1.3 s a megabyte). */
  markpactCharacters: 512 * 1024,
};

/** Why a document is not checked at all, or undefined. */
export function tooLarge(kind: 'markdown' | 'ecosystem', text: string): string | undefined {
  const max = kind === 'markdown' ? limits.readmeBytes : limits.ecosystemBytes;
  if (text.length <= max) return undefined;
  return `This ${kind === 'markdown' ? 'README' : 'ecosystem file'} is ${humanSize(text.length)}: markpact checks ${kind === 'markdown' ? 'READMEs' : 'ecosystem files'} up to ${humanSize(max)}, so nothing in it is checked here (running it is not affected)`;
}

export function truncatedMessage(): string {
  return `Only the first ${humanSize(limits.markpactCharacters)} of markpact blocks in this README are checked (so the editor stays responsive); the blocks after this point are not (running it is not affected)`;
}
