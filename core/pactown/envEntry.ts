import { isMap, isScalar, type Document } from 'yaml';
import type { Span } from '../text/span';

export interface EnvEntrySpans {
  key: Span;
  /** When the value is a plain scalar. */
  value?: Span;
}

/** Where each key of `services.<service>.env` is written (the last of a duplicate, as PyYAML keeps it), in one pass over the mapping. */
export function envEntrySpans(document: Document.Parsed, service: string): Map<string, EnvEntrySpans> {
  const spans = new Map<string, EnvEntrySpans>();
  const env = document.getIn(['services', service, 'env'], true);
  if (!isMap(env)) return spans;
  for (const pair of env.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const value = isScalar(pair.value) && pair.value.range ? { value: { start: pair.value.range[0], end: pair.value.range[1] } } : {};
    spans.set(String(pair.key.value), { key: { start: pair.key.range[0], end: pair.key.range[1] }, ...value });
  }
  return spans;
}
