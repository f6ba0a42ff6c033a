import { randomUUID } from 'node:crypto';

/** A fresh key for one logical call, reused on every retry of that call. */
export function generateIdempotencyKey(): string {
  return `billbridge-${randomUUID()}`;
}
