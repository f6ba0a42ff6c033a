import { stripeCapabilities } from '@billbridge/core';
import { declaredCapabilitiesMismatch, scrubCassette } from '@billbridge/testing';
import { describe, expect, it } from 'vitest';

// Found by a review of the testing package on 2026-12-07; each failed on the code before its fix.
describe('the conformance suite’s declared capabilities', () => {
  const actual = stripeCapabilities('2026-10-28.endive');

  it('are accepted when they are the client’s own', () => {
    expect(declaredCapabilitiesMismatch(undefined, actual)).toBeUndefined();
    expect(declaredCapabilitiesMismatch(structuredClone(actual), actual)).toBeUndefined();
  });

  it('fail a scenario when they differ: a declaration without webhooks would skip the webhook scenarios', () => {
    const { webhooks: _dropped, ...withoutWebhooks } = actual;
    expect(declaredCapabilitiesMismatch(withoutWebhooks as typeof actual, actual)).toMatch(
      /not the client's own \(webhooks differ\)/,
    );
    const nativeComment = { ...actual, voidInvoice: { ...actual.voidInvoice, comment: 'native' as const } };
    expect(declaredCapabilitiesMismatch(nativeComment, actual)).toMatch(/voidInvoice differ/);
  });
});

describe('scrubbing a cassette', () => {
  it('refuses a secret too short to scrub instead of leaving it in', () => {
    const cassette = {
      meta: {
        provider: 'chargebee',
        apiVersion: 'v2',
        sdkVersion: 'x',
        source: 'recorded' as const,
        origin: 'https://x.test',
      },
      interactions: [
        {
          request: { method: 'POST', path: '/api/v2/webhook_endpoints', body: { password: 'pw#42' } },
          response: { status: 200, body: { error: 'password pw#42 rejected' } },
        },
      ],
    };
    expect(() => scrubCassette(cassette, { secrets: ['pw#42'] })).toThrow(
      /a secret of 5 characters is too short/,
    );
    // An unset secret (empty) is not one.
    expect(JSON.stringify(scrubCassette(cassette, { secrets: ['', 'pw#42-long'] }))).toContain('pw#42');
  });
});
