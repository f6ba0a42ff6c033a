import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactSecretsInPlace } from '../src/index.js';

const hide = (text: string) => text.replaceAll('sk_test_SECRET', '[redacted]');

describe('redactSecretsInPlace', () => {
  it('redacts a secret however deep it sits in an error body (it stopped 6 levels down)', () => {
    const error = new Error('provider said sk_test_SECRET');
    let node: Record<string, unknown> = { key: 'sk_test_SECRET' };
    for (let level = 0; level < 12; level++) node = { nested: node };
    Object.assign(error, { raw: node, cause: new Error('again sk_test_SECRET') });
    redactSecretsInPlace(error, hide);
    expect(inspect(error, { showHidden: true, depth: null })).not.toContain('sk_test_SECRET');
    expect(error.message).toBe('provider said [redacted]');
  });

  it('a large byte or number array does not use up the walk before a sibling is reached', () => {
    const error = Object.assign(new Error('failed'), {
      response: { headers: { echoed: 'key sk_test_SECRET' }, body: new Uint8Array(150_000) },
      numbers: Array.from({ length: 120_000 }, (_, index) => index),
    });
    redactSecretsInPlace(error, hide);
    expect(error.response.headers.echoed).toBe('key [redacted]');
  });

  it('walks a cycle and a very deep value without overflowing the stack', () => {
    const cyclic: Record<string, unknown> = { text: 'sk_test_SECRET' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { text: 'sk_test_SECRET' };
    const bottom = deep;
    for (let level = 0; level < 50_000; level++) deep = { next: deep };
    redactSecretsInPlace({ cyclic, deep }, hide);
    expect([cyclic.text, bottom.text]).toEqual(['[redacted]', '[redacted]']);
  });
});
