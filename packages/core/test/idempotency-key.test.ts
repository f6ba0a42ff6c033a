import { describe, expect, it, vi } from 'vitest';
import { generateIdempotencyKey } from '../src/idempotency-key.js';

const keyPattern = /^billbridge-[0-9a-f]{32}-[0-9a-z]+$/;

describe('generateIdempotencyKey', () => {
  it('gives a different key on every call, within the key rules (printable ASCII, ≤ 100 chars)', () => {
    const keys = new Set<string>();
    for (let index = 0; index < 100_000; index++) keys.add(generateIdempotencyKey());
    expect(keys.size).toBe(100_000);
    for (const key of [...keys].slice(-3)) {
      expect(key).toMatch(keyPattern);
      expect(key.length).toBeLessThanOrEqual(100);
    }
  });

  it('draws its random part once per module instance: another instance (process, worker) has another', async () => {
    const first = generateIdempotencyKey().split('-')[1];
    vi.resetModules();
    const again = await import('../src/idempotency-key.js');
    const second = again.generateIdempotencyKey().split('-')[1];
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
  });
});
