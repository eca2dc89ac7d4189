import { isMap, isScalar, type Document } from 'yaml';
import type { Span } from '../text/span';

/** Where `services.<service>.env.<key>` is written (its key, and its value when it is a plain scalar), when the YAML has it there. */
export function envEntrySpans(document: Document.Parsed, service: string, key: string): { key: Span; value?: Span } | undefined {
  const env = document.getIn(['services', service, 'env'], true);
  if (!isMap(env)) return undefined;
  for (const pair of env.items) {
    if (!isScalar(pair.key) || String(pair.key.value) !== key || !pair.key.range) continue;
    const value = isScalar(pair.value) && pair.value.range ? { value: { start: pair.value.range[0], end: pair.value.range[1] } } : {};
    return { key: { start: pair.key.range[0], end: pair.key.range[1] }, ...value };
  }
  return undefined;
}
