import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  BillingError,
  type BillingEvent,
  type BillingProvider,
  billingEventSchema,
  type Capabilities,
  createBillingClient,
  type ProviderWebhookRequest,
  UnsupportedOptionError,
  WebhookVerificationError,
} from '../src/index.js';
import { fakeCapabilities, fakeProvider as fakeProviderWith } from './support/fake-provider.js';

const capabilities: Capabilities = { ...fakeCapabilities, webhooks: { events: ['invoice.voided', 'other'] } };

const event: BillingEvent = {
  id: 'evt_1',
  provider: 'fake',
  type: 'other',
  providerType: 'thing.happened',
  occurredAt: '2026-01-01T00:00:00.000Z',
  livemode: false,
  apiVersion: null,
  accountId: null,
  raw: {},
};

function fakeProvider(overrides: Partial<BillingProvider> = {}): BillingProvider {
  return fakeProviderWith({ capabilities, ...overrides });
}

/** A client whose provider keeps every request it is handed (`seen`) and answers `event`. */
function billingThatKeepsRequests() {
  const seen: ProviderWebhookRequest[] = [];
  const doParseWebhook = vi.fn(async (request: ProviderWebhookRequest) => {
    seen.push(request);
    return event;
  });
  return { seen, billing: createBillingClient({ provider: fakeProvider({ doParseWebhook }) }) };
}

describe('billing.parseWebhook', () => {
  it('hands the provider the body as text and header names in lower case', async () => {
    const { seen, billing } = billingThatKeepsRequests();
    const bytes = new TextEncoder().encode('{"id":"evt_1","note":"é"}');
    await expect(
      billing.parseWebhook({
        body: bytes,
        headers: { 'Stripe-Signature': 't=1,v1=ab', 'X-Two': ['a', 'b'] },
      }),
    ).resolves.toEqual(event);
    await billing.parseWebhook({ body: bytes.buffer as ArrayBuffer, headers: new Headers({ 'X-One': '1' }) });
    await billing.parseWebhook({ body: '{}', headers: { skipped: undefined } });
    expect(seen).toEqual([
      { body: '{"id":"evt_1","note":"é"}', headers: { 'stripe-signature': 't=1,v1=ab', 'x-two': 'a, b' } },
      { body: '{"id":"evt_1","note":"é"}', headers: { 'x-one': '1' } },
      { body: '{}', headers: {} },
    ]);
  });

  it('keeps headers named like Object.prototype members as headers of their own', async () => {
    const { seen, billing } = billingThatKeepsRequests();
    const headers = JSON.parse(
      '{"Constructor":"c","__proto__":"p","toString":["a","b"],"Stripe-Signature":"s"}',
    );
    await billing.parseWebhook({ body: '{}', headers });
    expect(Object.entries(seen[0]!.headers)).toEqual([
      ['constructor', 'c'],
      ['__proto__', 'p'],
      ['tostring', 'a, b'],
      ['stripe-signature', 's'],
    ]);
    expect(Object.getPrototypeOf(seen[0]!.headers)).toBe(Object.prototype);
  });

  it('refuses a parsed body before the provider sees it, saying to pass the raw body', async () => {
    const doParseWebhook = vi.fn(async () => event);
    const billing = createBillingClient({ provider: fakeProvider({ doParseWebhook }) });
    for (const body of [{ id: 'evt_1' }, 42, undefined]) {
      const error = await billing
        .parseWebhook({ body: body as unknown as string, headers: {} })
        .catch((caught: unknown) => caught);
      expect(WebhookVerificationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('raw request body');
      expect((error as Error).message).toContain('express.raw(');
      expect((error as Error).message).toContain('await request.text()');
      expect(error).toMatchObject({ code: 'webhook_verification_failed', retryable: false });
    }
    await expect(billing.parseWebhook(null as never)).rejects.toThrow(WebhookVerificationError);
    expect(doParseWebhook).not.toHaveBeenCalled();
  });

  it('is refused where the provider has no webhooks', async () => {
    const { webhooks: _none, ...withoutWebhooks } = capabilities;
    const billing = createBillingClient({ provider: fakeProvider({ capabilities: withoutWebhooks }) });
    await expect(billing.parseWebhook({ body: '{}', headers: {} })).rejects.toThrow(UnsupportedOptionError);
  });

  it('wraps what is not a BillingError and passes refusals through', async () => {
    const refusal = new WebhookVerificationError({ message: 'fake: bad signature', provider: 'fake' });
    const doParseWebhook = vi
      .fn<(request: ProviderWebhookRequest) => Promise<BillingEvent>>()
      .mockRejectedValueOnce(refusal)
      .mockRejectedValueOnce(new TypeError('boom'));
    const billing = createBillingClient({ provider: fakeProvider({ doParseWebhook }) });
    await expect(billing.parseWebhook({ body: '{}', headers: {} })).rejects.toBe(refusal);
    const wrapped = await billing.parseWebhook({ body: '{}', headers: {} }).catch((error: unknown) => error);
    expect(BillingError.isInstance(wrapped)).toBe(true);
    expect((wrapped as BillingError).message).toBe('fake: parseWebhook failed unexpectedly (TypeError)');
  });
});

describe('WebhookVerificationError and BillingEvent', () => {
  it('is a branded, non-retryable BillingError whose JSON and inspect hold only what it was given', () => {
    const error = new WebhookVerificationError({ message: 'stripe: missing Stripe-Signature header' });
    expect(error.name).toBe('WebhookVerificationError');
    expect(error).toBeInstanceOf(BillingError);
    expect(error).toMatchObject({
      code: 'webhook_verification_failed',
      retryable: false,
      outcome: 'not_executed',
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ code: 'webhook_verification_failed' });
    expect(inspect(error)).toContain('missing Stripe-Signature header');
  });

  it('has a closed type union', () => {
    expect(billingEventSchema.safeParse(event).success).toBe(true);
    expect(billingEventSchema.safeParse({ ...event, type: 'invoice.deleted' }).success).toBe(false);
  });
});
