import { assignOwn } from './assign-own.js';

/**
 * `value` as JSON with every object's keys sorted (arrays keep their order), so equal inputs give
 * equal strings.
 */
export function stableFingerprint(value: unknown): string {
  // How the memory provider's and the emulator's idempotency records compare a reused key's input
  // with the first one.
  return JSON.stringify(sortKeys(value));
}

/** `value` with every object's keys in sorted order (arrays keep theirs). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    assignOwn(sorted, key, sortKeys((value as Record<string, unknown>)[key]));
  return sorted;
}
