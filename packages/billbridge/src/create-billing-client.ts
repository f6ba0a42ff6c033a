import { createChargebeeProvider } from '@billbridge/chargebee';
import {
  type BillingClient,
  type BillingProvider,
  createBillingClient as createCoreClient,
  parseInput,
  ValidationError,
} from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import { createStripeProvider } from '@billbridge/stripe';
import {
  BILLBRIDGE_ENV,
  type BillbridgeConfig,
  billbridgeConfigSchema,
  providerNameSchema,
} from './billbridge-config.js';

function fromEnv(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function envFlag(env: Record<string, string | undefined>, name: string): boolean | undefined {
  const value = fromEnv(env, name);
  if (value === undefined) return undefined;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ValidationError({
    issues: [{ path: name, message: 'must be true or false' }],
    context: 'environment',
  });
}

/**
 * The client for a provider chosen by name, config or environment:
 * `createBillingClient({ provider: 'stripe', stripe: { apiKey } })`, or `createBillingClient()` with
 * `BILLBRIDGE_PROVIDER=memory|stripe|chargebee` (memory when unset) and `STRIPE_SECRET_KEY`,
 * `STRIPE_API_VERSION`, `CHARGEBEE_SITE`, `CHARGEBEE_API_KEY`. Explicit config wins over the
 * environment. A bad config throws `ValidationError` naming the field.
 */
export function createBillingClient(config: BillbridgeConfig = {}): BillingClient {
  const parsed = parseInput(billbridgeConfigSchema, config, { context: 'createBillingClient' });
  const env = parsed.env ?? (process.env as Record<string, string | undefined>);
  let provider: BillingProvider;
  if (typeof parsed.provider === 'object') {
    provider = parsed.provider;
  } else {
    const name =
      parsed.provider ??
      parseInput(providerNameSchema, fromEnv(env, BILLBRIDGE_ENV.provider) ?? 'memory', {
        prefix: BILLBRIDGE_ENV.provider,
        context: 'environment',
      });
    provider = createNamedProvider(name, config, env);
  }
  return createCoreClient({ provider, ...(parsed.retry ? { retry: parsed.retry } : {}) });
}

function createNamedProvider(
  name: 'memory' | 'stripe' | 'chargebee',
  config: BillbridgeConfig,
  env: Record<string, string | undefined>,
): BillingProvider {
  if (name === 'memory') {
    const flavor = fromEnv(env, BILLBRIDGE_ENV.memoryFlavor);
    return createMemoryProvider({ ...(flavor ? { flavor: flavor as 'stripe' } : {}), ...config.memory });
  }
  if (name === 'stripe') {
    const settings = config.stripe ?? {};
    const apiKey = settings.client
      ? undefined
      : (settings.apiKey ?? fromEnv(env, BILLBRIDGE_ENV.stripeSecretKey));
    const apiVersion = settings.apiVersion ?? fromEnv(env, BILLBRIDGE_ENV.stripeApiVersion);
    if (!settings.client && !apiKey) {
      throw new ValidationError({
        issues: [
          { path: 'stripe.apiKey', message: `is required (or set ${BILLBRIDGE_ENV.stripeSecretKey})` },
        ],
        context: 'createBillingClient',
      });
    }
    return createStripeProvider({
      ...settings,
      ...(apiKey ? { apiKey } : {}),
      ...(apiVersion ? { apiVersion } : {}),
    });
  }
  const settings = config.chargebee ?? {};
  const site = settings.client ? undefined : (settings.site ?? fromEnv(env, BILLBRIDGE_ENV.chargebeeSite));
  const apiKey = settings.client
    ? undefined
    : (settings.apiKey ?? fromEnv(env, BILLBRIDGE_ENV.chargebeeApiKey));
  const voidCreatesCreditNote =
    settings.voidCreatesCreditNote ?? envFlag(env, BILLBRIDGE_ENV.chargebeeVoidCreatesCreditNote);
  if (!settings.client && (!site || !apiKey)) {
    throw new ValidationError({
      issues: [
        ...(!site
          ? [{ path: 'chargebee.site', message: `is required (or set ${BILLBRIDGE_ENV.chargebeeSite})` }]
          : []),
        ...(!apiKey
          ? [{ path: 'chargebee.apiKey', message: `is required (or set ${BILLBRIDGE_ENV.chargebeeApiKey})` }]
          : []),
      ],
      context: 'createBillingClient',
    });
  }
  return createChargebeeProvider({
    ...settings,
    ...(site ? { site } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(voidCreatesCreditNote !== undefined ? { voidCreatesCreditNote } : {}),
  });
}
