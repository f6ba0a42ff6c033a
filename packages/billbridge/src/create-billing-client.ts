import {
  type BillingClient,
  type BillingProvider,
  CHARGEBEE_HOST_SUFFIX,
  type ChargebeeProviderSettings,
  chargebeeCapabilities,
  chargebeeProviderOptionsSchema,
  chargebeeProviderSettingsSchema,
  createBillingClient as createCoreClient,
  parseInput,
  STRIPE_BALANCE_RETURNED_ON_VOID_SINCE,
  type StripeProviderSettings,
  stripeCapabilities,
  stripeClientApiVersion,
  stripeProviderOptionsSchema,
  stripeProviderSettingsSchema,
  toValidationIssues,
  ValidationError,
} from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import type * as z from 'zod';
import {
  BILLBRIDGE_ENV,
  type BillbridgeConfig,
  billbridgeConfigSchema,
  memoryFlavorSchema,
  type ProviderName,
  providerNameSchema,
} from './billbridge-config.js';
import { createLazyProvider } from './lazy-provider.js';
import {
  assertPackagesInstalled,
  importChargebeeFactory,
  importStripeFactory,
  PROVIDER_PACKAGES,
} from './provider-packages.js';

type Env = Record<string, string | undefined>;

/** A variable's value with surrounding whitespace removed; `undefined` when unset or blank. */
function fromEnv(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** A secret as set (never trimmed: a key with a trailing newline is refused, naming the variable). */
function secretFromEnv(env: Env, name: string): string | undefined {
  const value = env[name];
  return value?.trim() ? value : undefined;
}

function envFlag(env: Env, name: string): boolean | undefined {
  const value = fromEnv(env, name);
  if (value === undefined) return undefined;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ValidationError({
    issues: [{ path: name, message: 'must be one of true, false, 1, 0, yes, no, on, off' }],
    context: 'environment',
  });
}

/** `[variable, field, read]`: the field the variable fills when the config leaves it out; `false` skips it. */
type EnvFill = readonly [variable: string, field: string, read: (env: Env, name: string) => unknown] | false;

/**
 * Fills the fields the config leaves out from the environment, then validates the result with
 * the provider's schema; an issue on a field the environment filled names the variable instead
 * of the config path (`STRIPE_SECRET_KEY must not contain whitespace`, never the value).
 */
function parseWithEnv<Schema extends z.ZodType>(
  schema: Schema,
  settings: object,
  section: 'stripe' | 'chargebee',
  fills: readonly EnvFill[],
  env: Env,
): z.output<Schema> {
  const merged: Record<string, unknown> = { ...settings };
  const filledBy: Record<string, string> = {};
  for (const fill of fills) {
    if (!fill) continue;
    const [variable, field, read] = fill;
    if (merged[field] !== undefined) continue;
    const value = read(env, variable);
    if (value === undefined) continue;
    merged[field] = value;
    filledBy[field] = variable;
  }
  const result = schema.safeParse(merged);
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error).map((issue) => ({
    path: filledBy[issue.path] ?? (issue.path ? `${section}.${issue.path}` : section),
    message: issue.message,
  }));
  throw new ValidationError({ issues, provider: section, context: 'createBillingClient' });
}

/**
 * The client for a provider chosen by name, config or environment:
 * `createBillingClient({ provider: 'stripe', stripe: { apiKey } })`, or `createBillingClient()` with
 * `BILLBRIDGE_PROVIDER=memory|stripe|chargebee` (memory when unset) and `STRIPE_SECRET_KEY`,
 * `STRIPE_API_VERSION`, `BILLBRIDGE_STRIPE_API_BASE`, `CHARGEBEE_SITE`, `CHARGEBEE_API_KEY`,
 * `BILLBRIDGE_CHARGEBEE_API_BASE`, `CHARGEBEE_VOID_CREATES_CREDIT_NOTE`, `BILLBRIDGE_MEMORY_FLAVOR`.
 * Explicit config wins over the environment. A bad config throws `ValidationError` naming the
 * field or the variable, before anything is loaded or sent.
 *
 * Synchronous, and loads only what the chosen provider needs: for `'stripe'` and `'chargebee'`
 * the settings are validated and the capabilities computed here without the SDK; the adapter
 * (`@billbridge/stripe` / `@billbridge/chargebee`, optional peer dependencies) and its SDK are
 * imported on the first call. When they are not installed this throws a `ValidationError` naming
 * the packages to install.
 */
export function createBillingClient(config: BillbridgeConfig = {}): BillingClient {
  const parsed = parseInput(billbridgeConfigSchema, config, { context: 'createBillingClient' });
  const env = parsed.env ?? (process.env as Env);
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

function createNamedProvider(name: ProviderName, config: BillbridgeConfig, env: Env): BillingProvider {
  if (name === 'memory') {
    const flavorVariable = fromEnv(env, BILLBRIDGE_ENV.memoryFlavor);
    const flavor =
      flavorVariable === undefined
        ? undefined
        : parseInput(memoryFlavorSchema, flavorVariable, {
            prefix: BILLBRIDGE_ENV.memoryFlavor,
            context: 'environment',
          });
    return createMemoryProvider({ ...(flavor ? { flavor } : {}), ...config.memory });
  }
  return name === 'stripe'
    ? createStripeFromConfig(config.stripe ?? {}, env)
    : createChargebeeFromConfig(config.chargebee ?? {}, env);
}

function createStripeFromConfig(settings: StripeProviderSettings, env: Env): BillingProvider {
  const ownEndpoint =
    settings.host === undefined && settings.port === undefined && settings.protocol === undefined;
  const valid = parseWithEnv(
    stripeProviderSettingsSchema,
    settings,
    'stripe',
    [
      settings.client === undefined && [BILLBRIDGE_ENV.stripeSecretKey, 'apiKey', secretFromEnv],
      settings.client === undefined && ownEndpoint && [BILLBRIDGE_ENV.stripeApiBase, 'apiBase', fromEnv],
      [BILLBRIDGE_ENV.stripeApiVersion, 'apiVersion', fromEnv],
    ],
    env,
  );
  if (valid.client === undefined && valid.apiKey === undefined) {
    throw new ValidationError({
      issues: [
        {
          path: 'stripe.apiKey',
          message: `is required: give stripe.apiKey or stripe.client, or set ${BILLBRIDGE_ENV.stripeSecretKey}`,
        },
      ],
      provider: 'stripe',
      context: 'createBillingClient',
    });
  }
  assertPackagesInstalled('stripe', PROVIDER_PACKAGES.stripe, 'provider');
  // Without an explicit or client-configured version, the SDK's pinned one applies: every SDK in
  // the supported range pins one from 2019-12-03 on, so the capabilities are those (the lazy
  // provider checks the loaded adapter agrees).
  const apiVersion =
    valid.apiVersion ?? stripeClientApiVersion(valid.client) ?? STRIPE_BALANCE_RETURNED_ON_VOID_SINCE;
  return createLazyProvider({
    provider: 'stripe',
    providerOptionsKey: 'stripe',
    providerOptionsSchema: stripeProviderOptionsSchema,
    capabilities: stripeCapabilities(apiVersion, {
      recordVoidReasonAsMetadata: valid.recordVoidReasonAsMetadata !== false,
    }),
    capabilitiesSetting: 'stripe.apiVersion',
    load: async () => (await importStripeFactory())(valid as never),
  });
}

function createChargebeeFromConfig(settings: ChargebeeProviderSettings, env: Env): BillingProvider {
  const noClient = settings.client === undefined;
  const ownEndpoint =
    settings.hostSuffix === undefined && settings.port === undefined && settings.protocol === undefined;
  const valid = parseWithEnv(
    chargebeeProviderSettingsSchema,
    settings,
    'chargebee',
    [
      noClient && [BILLBRIDGE_ENV.chargebeeSite, 'site', fromEnv],
      noClient && [BILLBRIDGE_ENV.chargebeeApiKey, 'apiKey', secretFromEnv],
      noClient && ownEndpoint && [BILLBRIDGE_ENV.chargebeeApiBase, 'apiBase', fromEnv],
      [BILLBRIDGE_ENV.chargebeeVoidCreatesCreditNote, 'voidCreatesCreditNote', envFlag],
    ],
    env,
  );
  if (!valid.client && (valid.site === undefined || valid.apiKey === undefined)) {
    throw new ValidationError({
      issues: [
        ...(valid.site === undefined
          ? [
              {
                path: 'chargebee.site',
                message: `is required: give chargebee.site (e.g. "acme-test" for acme-test${CHARGEBEE_HOST_SUFFIX}) or set ${BILLBRIDGE_ENV.chargebeeSite}`,
              },
            ]
          : []),
        ...(valid.apiKey === undefined
          ? [
              {
                path: 'chargebee.apiKey',
                message: `is required: give chargebee.apiKey or set ${BILLBRIDGE_ENV.chargebeeApiKey}`,
              },
            ]
          : []),
      ],
      provider: 'chargebee',
      context: 'createBillingClient',
    });
  }
  assertPackagesInstalled('chargebee', PROVIDER_PACKAGES.chargebee, 'provider');
  return createLazyProvider({
    provider: 'chargebee',
    providerOptionsKey: 'chargebee',
    providerOptionsSchema: chargebeeProviderOptionsSchema,
    capabilities: chargebeeCapabilities({ voidCreatesCreditNote: valid.voidCreatesCreditNote ?? false }),
    capabilitiesSetting: 'chargebee.voidCreatesCreditNote',
    load: async () => (await importChargebeeFactory())(valid as never),
  });
}
