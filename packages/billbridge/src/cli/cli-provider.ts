import { createHash } from 'node:crypto';
import { type ProviderMode, type RateLimiter, rateLimitProvider } from '@billbridge/bulk';
import { type BillingClient, ValidationError } from '@billbridge/core';
import {
  BILLBRIDGE_ENV,
  type BillbridgeConfig,
  type ProviderName,
  providerNameSchema,
} from '../billbridge-config.js';
import { createBillingClient } from '../create-billing-client.js';
import { useMinorUnitsOf } from './format-money.js';

/** The options every command takes to pick the provider. */
export interface ProviderFlags {
  provider?: string;
  apiBase?: string;
}

/** The provider a command runs against. */
export interface CliProvider {
  client: BillingClient;
  name: ProviderName;
  mode: ProviderMode;
  /** Which account, for journals and rate limits: provider, mode, site, a short key fingerprint, base URL. Never a key. */
  account: string;
  /**
   * The same client with every provider request paced by `limiter`; a request still waiting for its
   * token when `stopSignal` aborts is not sent (`AbortedError`).
   */
  pace(limiter: RateLimiter, stopSignal?: AbortSignal): BillingClient;
}

function fromEnv(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function configError(path: string, message: string): ValidationError {
  return new ValidationError({ issues: [{ path, message }], context: 'configuration' });
}

function fingerprint(secret: string | undefined): string {
  return secret ? createHash('sha256').update(secret).digest('hex').slice(0, 8) : 'nokey';
}

/** Live or test, from the key: Stripe `sk_live_`/`rk_live_`, Chargebee `live_…`. */
export function providerMode(name: ProviderName, env: Record<string, string | undefined>): ProviderMode {
  if (name === 'stripe') {
    return /^(sk|rk)_live_/.test(fromEnv(env, BILLBRIDGE_ENV.stripeSecretKey) ?? '') ? 'live' : 'test';
  }
  if (name === 'chargebee')
    return /^live_/.test(fromEnv(env, BILLBRIDGE_ENV.chargebeeApiKey) ?? '') ? 'live' : 'test';
  return 'test';
}

/** The variable `createBillingClient()` reads a provider's base URL from (DESIGN §14). */
const API_BASE_VARIABLE = {
  stripe: BILLBRIDGE_ENV.stripeApiBase,
  chargebee: BILLBRIDGE_ENV.chargebeeApiBase,
} as const;

/**
 * Names `--api-base` instead of the provider setting it fills (`stripe.apiBase`) in an error, so
 * the operator sees the flag they typed.
 */
function nameTheFlag(error: unknown, name: 'stripe' | 'chargebee'): unknown {
  if (!ValidationError.isInstance(error)) return error;
  const setting = `${name}.apiBase`;
  if (!error.issues.some((issue) => issue.path === setting)) return error;
  return new ValidationError({
    issues: error.issues.map((issue) => (issue.path === setting ? { ...issue, path: '--api-base' } : issue)),
    provider: error.provider,
    context: 'configuration',
  });
}

/**
 * The client for `--provider` (else `BILLBRIDGE_PROVIDER`, else memory) with the environment
 * `createBillingClient()` reads. `--api-base` is the provider's `apiBase` setting (else
 * `createBillingClient()` reads `BILLBRIDGE_<PROVIDER>_API_BASE`), so a live key with a base URL
 * other than the provider's own is refused by the settings themselves. `pace(limiter)` gives the
 * client with every provider request paced by the limiter. Configuration errors are
 * `ValidationError`s: nothing has been sent.
 */
export function resolveCliProvider(
  flags: ProviderFlags,
  env: Record<string, string | undefined>,
): CliProvider {
  const rawName = flags.provider ?? fromEnv(env, BILLBRIDGE_ENV.provider) ?? 'memory';
  const parsedName = providerNameSchema.safeParse(rawName);
  if (!parsedName.success) throw configError('--provider', 'must be "memory", "stripe" or "chargebee"');
  const name = parsedName.data;
  // Amounts are in the provider's minor units: Stripe's for Stripe and the memory provider's
  // Stripe flavor (its default), Chargebee's for Chargebee and the memory provider's Chargebee flavor.
  const chargebeeUnits =
    name === 'chargebee' ||
    (name === 'memory' && fromEnv(env, BILLBRIDGE_ENV.memoryFlavor)?.toLowerCase() === 'chargebee');
  useMinorUnitsOf(chargebeeUnits ? 'chargebee' : 'stripe');
  if (name === 'memory') {
    if (flags.apiBase !== undefined)
      throw configError('--api-base', 'has no meaning for the memory provider');
    const client = createBillingClient({ provider: name, env: { ...env } });
    return withPacing({ client, name, mode: 'test', account: 'memory:test' });
  }
  const mode = providerMode(name, env);
  const apiBase = flags.apiBase ?? fromEnv(env, API_BASE_VARIABLE[name]);
  // A plain copy: `process.env` is an exotic object the config schema's record check refuses.
  const config: BillbridgeConfig = { provider: name, env: { ...env } };
  // The key, site and the rest still come from the environment: only the base URL is set here.
  if (flags.apiBase !== undefined) config[name] = { apiBase: flags.apiBase };
  let client: BillingClient;
  try {
    client = createBillingClient(config);
  } catch (error) {
    throw nameTheFlag(error, name);
  }
  const account =
    name === 'stripe'
      ? `stripe:${mode}:${fingerprint(fromEnv(env, BILLBRIDGE_ENV.stripeSecretKey))}`
      : `chargebee:${mode}:${fromEnv(env, BILLBRIDGE_ENV.chargebeeSite) ?? 'nosite'}:${fingerprint(fromEnv(env, BILLBRIDGE_ENV.chargebeeApiKey))}`;
  return withPacing({ client, name, mode, account: apiBase ? `${account}@${originOf(apiBase)}` : account });
}

/**
 * The base URL as one account names it in a journal: its origin, so `http://127.0.0.1:12111/`,
 * `HTTP://127.0.0.1:12111` and `http://127.0.0.1:12111` are one server (a `--resume` with the
 * slash used to be refused as another account). The settings already refused any other shape.
 */
function originOf(apiBase: string): string {
  return URL.canParse(apiBase) ? new URL(apiBase).origin : apiBase;
}

function withPacing(provider: Omit<CliProvider, 'pace'>): CliProvider {
  return {
    ...provider,
    pace: (limiter, stopSignal) =>
      createBillingClient({
        provider: rateLimitProvider(
          provider.client.providerInstance,
          limiter,
          stopSignal ? { stopSignal } : {},
        ),
      }),
  };
}
