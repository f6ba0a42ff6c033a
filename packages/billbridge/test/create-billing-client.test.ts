import { createMemoryProvider } from '@billbridge/memory';
import { describe, expect, it } from 'vitest';
import { createBillingClient, type LazyProvider, ValidationError } from '../src/index.js';
import { createLazyProvider } from '../src/lazy-provider.js';
import { assertPackagesInstalled, findMissingPackages } from '../src/provider-packages.js';

function refusal(config: unknown): ValidationError {
  try {
    createBillingClient(config as never);
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

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

  it('lists the allowed values and names the variable that fed a bad one', () => {
    const typo = refusal({ provider: 'strip' });
    expect(typo.path).toBe('provider');
    expect(typo.message).toContain('"memory", "stripe", "chargebee"');
    const fromEnv = refusal({ env: { BILLBRIDGE_PROVIDER: 'strip' } });
    expect(fromEnv.path).toBe('BILLBRIDGE_PROVIDER');
    expect(fromEnv.message).toContain('"memory", "stripe", "chargebee"');
    const flavor = refusal({ env: { BILLBRIDGE_MEMORY_FLAVOR: 'chargebe' } });
    expect(flavor.path).toBe('BILLBRIDGE_MEMORY_FLAVOR');
    expect(flavor.message).toContain('"stripe", "chargebee"');
    const flag = refusal({
      env: {
        BILLBRIDGE_PROVIDER: 'chargebee',
        CHARGEBEE_SITE: 'a-test',
        CHARGEBEE_API_KEY: 'test_x',
        CHARGEBEE_VOID_CREATES_CREDIT_NOTE: 'maybe',
      },
    });
    expect(flag.path).toBe('CHARGEBEE_VOID_CREATES_CREDIT_NOTE');
    expect(flag.message).toContain('true, false');
  });

  it('says where a missing key can come from', () => {
    const stripe = refusal({ provider: 'stripe', stripe: {}, env: {} });
    expect(stripe.path).toBe('stripe.apiKey');
    expect(stripe.message).toContain('STRIPE_SECRET_KEY');
    const chargebee = refusal({ provider: 'chargebee', chargebee: { site: 'acme-test' }, env: {} });
    expect(chargebee.path).toBe('chargebee.apiKey');
    expect(chargebee.message).toContain('CHARGEBEE_API_KEY');
  });

  it.each([
    [
      { provider: 'stripe', stripe: { apiKey: 'hello' } },
      'stripe.apiKey',
      /sk_test_…, sk_live_…, rk_test_…, rk_live_…/,
    ],
    [{ provider: 'stripe', stripe: { apiKey: 'sk_test_abc\n' } }, 'stripe.apiKey', /whitespace/],
    [{ provider: 'stripe', stripe: { apiKey: 'pk_test_abc' } }, 'stripe.apiKey', /secret or restricted/],
    [
      { env: { BILLBRIDGE_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_abc\n' } },
      'STRIPE_SECRET_KEY',
      /whitespace/,
    ],
    [{ env: { BILLBRIDGE_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'hello' } }, 'STRIPE_SECRET_KEY', /sk_test_/],
    [
      { provider: 'chargebee', chargebee: { site: 'a-test', apiKey: 'test_ab c' } },
      'chargebee.apiKey',
      /whitespace/,
    ],
    [
      {
        env: {
          BILLBRIDGE_PROVIDER: 'chargebee',
          CHARGEBEE_SITE: 'a-test',
          CHARGEBEE_API_KEY: 'test_abc\r\n',
        },
      },
      'CHARGEBEE_API_KEY',
      /whitespace/,
    ],
  ])('checks the key shape before use: %j', (config, path, message) => {
    const error = refusal(config);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('hello');
    expect(error.message).not.toContain('abc');
  });

  it('never echoes a key passed where an option name goes, but shows a plain typo', () => {
    const secret = ['sk', 'live', 'PastedWhereANameGoes0000'].join('_'); // assembled so no committed line looks like a live key
    const nested = refusal({ provider: 'stripe', stripe: { apiKey: 'sk_test_x', [secret]: true } });
    const top = refusal({ [secret]: true });
    const chargebeeKey = refusal({ chargebee: { test_QmFzZTY0TG9va2luZ0tleQ: true } });
    for (const error of [nested, top, chargebeeKey]) {
      expect(error.message).toContain('not shown');
      expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain(
        'PastedWhereANameGoes',
      );
      expect(error.message).not.toContain('QmFzZTY0TG9va2luZ0tleQ');
    }
    expect(refusal({ stripe: { apiKey: 'sk_test_x', timout: 1 } }).message).toContain('"timout"');
  });

  it('is synchronous and loads no adapter until the first call', () => {
    const billing = createBillingClient({ provider: 'stripe', stripe: { apiKey: 'sk_test_x' } });
    expect((billing.providerInstance as LazyProvider).loaded).toBe(false);
    expect(billing.capabilities.voidInvoice.appliedBalance).toEqual(['return']);
  });

  it('names the packages to install when a provider is missing them', () => {
    expect(findMissingPackages(['@billbridge/not-a-package', 'stripe', 'chargebee'])).toEqual([
      '@billbridge/not-a-package',
    ]);
    expect(() =>
      assertPackagesInstalled('stripe', ['@billbridge/not-a-package', 'stripe'], 'provider'),
    ).toThrow(
      /"stripe" needs @billbridge\/not-a-package, which is not installed: npm install @billbridge\/not-a-package stripe/,
    );
  });

  it('retries a failed adapter import on the next call, and refuses an adapter that disagrees', async () => {
    const memory = createMemoryProvider({ flavor: 'stripe' });
    let attempts = 0;
    const lazy = createLazyProvider({
      provider: 'memory',
      providerOptionsKey: 'memory',
      providerOptionsSchema: undefined,
      capabilities: memory.capabilities,
      capabilitiesSetting: 'memory.flavor',
      load: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('not yet');
        return memory;
      },
    });
    await expect(lazy.loadProvider()).rejects.toThrow('not yet');
    await expect(lazy.loadProvider()).resolves.toBe(memory);
    expect(lazy.loaded).toBe(true);
    const disagreeing = createLazyProvider({
      provider: 'memory',
      providerOptionsKey: 'memory',
      providerOptionsSchema: undefined,
      capabilities: createMemoryProvider({ flavor: 'chargebee' }).capabilities,
      capabilitiesSetting: 'memory.flavor',
      load: async () => memory,
    });
    const error = await disagreeing.doGetInvoice('in_1', { attempt: 1 }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).path).toBe('memory.flavor');
  });
});
