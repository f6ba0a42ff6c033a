import { createMemoryProvider } from '@billbridge/memory';
import { describe, expect, it } from 'vitest';
import { createBillingClient, ValidationError } from '../src/index.js';

describe('billbridge createBillingClient', () => {
  it('uses the memory provider when nothing is configured', () => {
    const client = createBillingClient({ env: {} });
    expect(client.provider).toBe('memory');
    expect(client.capabilities.voidInvoice.appliedBalance).toEqual(['return']);
  });

  it('reads the provider and its settings from the environment', () => {
    const stripe = createBillingClient({
      env: {
        BILLBRIDGE_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: 'sk_test_fake',
        STRIPE_API_VERSION: '2019-11-05',
      },
    });
    expect(stripe.provider).toBe('stripe');
    expect(stripe.capabilities.voidInvoice.appliedBalance).toEqual(['return', 'consume']);
    const chargebee = createBillingClient({
      env: {
        BILLBRIDGE_PROVIDER: 'chargebee',
        CHARGEBEE_SITE: 'acme-test',
        CHARGEBEE_API_KEY: 'test_fake',
        CHARGEBEE_VOID_CREATES_CREDIT_NOTE: 'true',
      },
    });
    expect(chargebee.provider).toBe('chargebee');
    expect(chargebee.capabilities.voidInvoice.creditNoteOnVoid).toBe(true);
    const memoryChargebee = createBillingClient({ env: { BILLBRIDGE_MEMORY_FLAVOR: 'chargebee' } });
    expect(memoryChargebee.capabilities.voidInvoice.reasonCode).toBe('native');
  });

  it('prefers explicit config over the environment', () => {
    const client = createBillingClient({
      provider: 'memory',
      memory: { flavor: 'stripe', apiVersion: '2019-11-05' },
      env: { BILLBRIDGE_PROVIDER: 'stripe' },
    });
    expect(client.provider).toBe('memory');
    expect(client.capabilities.voidInvoice.appliedBalance).toEqual(['return', 'consume']);
  });

  it('takes a provider object', () => {
    const provider = createMemoryProvider({ flavor: 'chargebee' });
    expect(createBillingClient({ provider }).providerInstance).toBe(provider);
  });

  it.each([
    [{ provider: 'paypal' }, 'provider'],
    [{ provider: 'stripe', env: {} }, 'stripe.apiKey'],
    [{ provider: 'chargebee', env: { CHARGEBEE_API_KEY: 'x' } }, 'chargebee.site'],
    [{ memory: { flavor: 'square' } }, 'memory.flavor'],
    [{ stripe: { apiKey: 'sk_test_x', apiVersion: 'yesterday' } }, 'stripe.apiVersion'],
    [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ unknown: true }, ''],
    [{ env: { BILLBRIDGE_PROVIDER: 'square' } }, 'BILLBRIDGE_PROVIDER'],
  ])('names the bad field of %j', (config, path) => {
    const error = (() => {
      try {
        createBillingClient(config as never);
      } catch (caught) {
        return caught;
      }
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).path).toBe(path);
  });

  it('never echoes a key in a config error', () => {
    try {
      createBillingClient({ provider: 'stripe', stripe: { apiKey: 'sk_test_secret123', apiVersion: 'bad' } });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('sk_test_secret123');
      expect(JSON.stringify(error)).not.toContain('sk_test_secret123');
    }
  });
});
