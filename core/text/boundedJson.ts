/** Parses JSON from a file no bigger than `maxBytes` (a bigger one is not one of ours); undefined when it is not JSON. */
export function parseBoundedJson(text: string, maxBytes: number): unknown {
  if (text.length > maxBytes) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
