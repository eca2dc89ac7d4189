import { distance } from 'fastest-levenshtein';

/** Habits from docker-compose and friends that no edit distance catches. */
const SYNONYMS: Readonly<Record<string, string>> = { environment: 'env', depends: 'depends_on', dependencies: 'depends_on' };

const normalise = (word: string) => word.toLowerCase().replace(/[-_\s]/g, '');

/**
 * The candidate a misspelt word was probably meant to be: the same word up to case, `-` and `_`
 * (`dependsOn`, `depends-on`), a known synonym, else the nearest by Levenshtein distance
 * (at most 1 for words up to 3 characters, 2 beyond). Undefined when nothing is close.
 */
export function nearestName(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const plain = normalise(word);
  const same = list.find((c) => normalise(c) === plain);
  if (same !== undefined) return same;
  const synonym = SYNONYMS[plain];
  if (synonym !== undefined && list.includes(synonym)) return synonym;
  const limit = word.length <= 3 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of list) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}
