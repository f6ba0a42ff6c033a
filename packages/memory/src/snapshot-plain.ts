/**
 * A deep, frozen copy of plain data: what the memory provider hands out as `raw`. Frozen parts of
 * `value` are shared rather than copied, and the snapshot itself can be shared by every later copy
 * (`clonePlain` keeps frozen data by reference), so an idempotency record holding a result does not
 * copy its `raw` again. Anything that is not a plain object or array is kept by reference.
 */
export function snapshotPlain<T>(value: T): Readonly<T> {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(snapshotPlain)) as T;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = snapshotPlain((value as Record<string, unknown>)[key]);
  return Object.freeze(copy) as T;
}
