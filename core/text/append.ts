/** Appends every item of `items` to `target` (a spread `push(...items)` overflows the call stack past ~100,000 items). */
export function append<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
