import { randomBytes } from 'node:crypto';

/**
 * 128 random bits drawn once per process (per module instance: each worker thread and each
 * forked process draws its own), so keys of different processes never meet.
 */
const processPart = randomBytes(16).toString('hex');
let issued = 0;

/**
 * A fresh key for one logical call, reused on every retry of that call:
 * `billbridge-<32 hex digits drawn once per process>-<a counter in base 36>`. Unique as a v4 UUID
 * per call is (a collision needs two processes to draw the same 128 bits), at a fraction of
 * `randomUUID()`'s cost on the void path (docs/decisions.md). Keys are not secrets.
 */
export function generateIdempotencyKey(): string {
  issued += 1;
  return `billbridge-${processPart}-${issued.toString(36)}`;
}
