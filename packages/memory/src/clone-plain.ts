/**
 * A deep copy of plain data (objects, arrays, primitives), several times cheaper than
 * `structuredClone` for the small records the memory provider hands out. Anything that is not a
 * plain object or array (an Error, a Date) is kept by reference, and so is frozen data: it cannot
 * change, so sharing it is as good as a copy (the provider's `raw` snapshots are frozen, see
 * `snapshotPlain`).
 */
export function clonePlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return value.map(clonePlain) as T;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = clonePlain((value as Record<string, unknown>)[key]);
  return copy as T;
}
