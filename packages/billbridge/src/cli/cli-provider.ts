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

/**
 * The base-URL variables of DESIGN §14. INTERIM: the `packaging` branch adds them to
 * `BILLBRIDGE_ENV` and an `apiBase` setting to the Stripe and Chargebee providers; until that is
 * merged the CLI reads them here and hands Stripe a base URL as its `host`/`port`/`protocol` settings.
 */
export const API_BASE_ENV = {
  stripe: 'BILLBRIDGE_STRIPE_API_BASE',
  chargebee: 'BILLBRIDGE_CHARGEBEE_API_BASE',
} as const;

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
  /** The same client with every provider request paced by `limiter`. */
  pace(limiter: RateLimiter): BillingClient;
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

/** A base URL as Stripe's connection settings (INTERIM, see `API_BASE_ENV`). */
export function stripeConnection(
  apiBase: string,
): Pick<NonNullable<BillbridgeConfig['stripe']>, 'host' | 'port' | 'protocol'> {
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw configError(
      '--api-base',
      `must be a URL such as http://127.0.0.1:12111 (got ${JSON.stringify(apiBase)})`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw configError('--api-base', 'must be http or https');
  if (url.pathname !== '/' || url.search || url.hash)
    throw configError('--api-base', 'must have no path, query or fragment');
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol };
}

/**
 * The client for `--provider` (else `BILLBRIDGE_PROVIDER`, else memory) with the environment
 * `createBillingClient()` reads, pointed at `--api-base` (else `BILLBRIDGE_<PROVIDER>_API_BASE`).
 * `pace(limiter)` gives the client with every provider request paced by the limiter. A live key with a base URL other than the
 * provider's own is refused. Configuration errors are `ValidationError`s: nothing has been sent.
 */
export function resolveCliProvider(
  flags: ProviderFlags,
  env: Record<string, string | undefined>,
): CliProvider {
  const rawName = flags.provider ?? fromEnv(env, BILLBRIDGE_ENV.provider) ?? 'memory';
  const parsedName = providerNameSchema.safeParse(rawName);
  if (!parsedName.success) throw configError('--provider', 'must be "memory", "stripe" or "chargebee"');
  const name = parsedName.data;
  const mode = providerMode(name, env);
  const apiBase = name === 'memory' ? undefined : (flags.apiBase ?? fromEnv(env, API_BASE_ENV[name]));
  if (flags.apiBase !== undefined && name === 'memory') {
    throw configError('--api-base', 'has no meaning for the memory provider');
  }
  // A plain copy: `process.env` is an exotic object the config schema's record check refuses.
  const config: BillbridgeConfig = { provider: name, env: { ...env } };
  let account: string = name;
  if (name === 'stripe') {
    const connection = apiBase ? stripeConnection(apiBase) : {};
    if (apiBase && mode === 'live' && connection.host !== 'api.stripe.com') {
      throw configError('--api-base', `a live key is only sent to api.stripe.com, not ${apiBase}`);
    }
    if (apiBase) {
      // The settings schema wants the key beside the connection settings (it fills it from the
      // environment only when no Stripe settings are given).
      const apiKey = fromEnv(env, BILLBRIDGE_ENV.stripeSecretKey);
      if (!apiKey) throw configError('stripe.apiKey', `is required (set ${BILLBRIDGE_ENV.stripeSecretKey})`);
      config.stripe = { ...connection, apiKey };
    }
    account = `stripe:${mode}:${fingerprint(fromEnv(env, BILLBRIDGE_ENV.stripeSecretKey))}`;
  } else if (name === 'chargebee') {
    if (apiBase) {
      // INTERIM: the Chargebee `apiBase` setting lands with the packaging branch; until then this
      // is refused by the settings schema with a ValidationError naming `chargebee.apiBase`.
      config.chargebee = { apiBase } as NonNullable<BillbridgeConfig['chargebee']>;
    }
    const site = fromEnv(env, BILLBRIDGE_ENV.chargebeeSite) ?? 'nosite';
    account = `chargebee:${mode}:${site}:${fingerprint(fromEnv(env, BILLBRIDGE_ENV.chargebeeApiKey))}`;
  } else {
    account = 'memory:test';
  }
  if (apiBase) account += `@${apiBase}`;
  const client = createBillingClient(config);
  return {
    client,
    name,
    mode,
    account,
    pace: (limiter) => createBillingClient({ provider: rateLimitProvider(client.providerInstance, limiter) }),
  };
}
