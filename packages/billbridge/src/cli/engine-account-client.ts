import { type BulkAccountTarget, type RateLimiter, rateLimitProvider } from '@billbridge/bulk';
import { type BillingClient, type BillingProvider, parseApiBase, ValidationError } from '@billbridge/core';
import { BILLBRIDGE_ENV } from '../billbridge-config.js';
import { createBillingClient } from '../create-billing-client.js';
import { type ProviderFlags, resolveCliProvider } from './cli-provider.js';
import { SELF_ACCOUNT } from './engine-options.js';

/**
 * What a worker calls each account with, from `--provider`/`--api-base` and the environment:
 * account `self` is the key's own (the client `resolveCliProvider` makes); a Stripe account id
 * (`acct_…`, Stripe Connect) gets a Stripe client of its own with `stripeAccount` set, so every
 * request carries `Stripe-Account`; on Chargebee an account is a site, and only the site of
 * `CHARGEBEE_SITE` can be called (one worker per site). Every client is paced by the limiter of
 * the account's lease. `credentials` names the key as job records do (`resolveCliProvider`'s
 * `account`: provider, mode, site, key fingerprint, base URL): the worker works only jobs enqueued
 * with the same, as a JSONL journal is resumed only with the key it was started with. `refuse`
 * says why a queue cannot be served (another Chargebee site, another key's job): the worker then
 * leaves it queued and says so once, instead of stopping. stripe-node and the Stripe adapter
 * are imported here only for a Stripe worker (not when the bin starts: every other command, and a
 * Chargebee or memory worker, never load them; ~0.13 s of CPU per start).
 */
export async function engineAccountClients(flags: ProviderFlags, env: Record<string, string | undefined>) {
  const base = resolveCliProvider(flags, env);
  const providers = new Map<string, BillingProvider>();
  const stripe =
    base.name === 'stripe'
      ? await Promise.all([import('@billbridge/stripe'), import('stripe')]).then(([adapter, sdk]) => ({
          createStripeProvider: adapter.createStripeProvider,
          Stripe: sdk.default,
        }))
      : undefined;

  const site = env[BILLBRIDGE_ENV.chargebeeSite]?.trim();

  /** Why this worker cannot call `target` (`undefined`: it can); checked before `clientFor`. */
  function refuse(target: BulkAccountTarget): string | undefined {
    if (target.credentials !== base.account) {
      return `it was enqueued with ${target.credentials}, not this worker's ${base.account}: left queued for a worker with its credentials`;
    }
    if (base.name === 'chargebee' && target.account !== SELF_ACCOUNT && target.account !== site) {
      return (
        `its invoices of site ${target.account} cannot be voided with this key, which is for site ${site ?? '(none)'} ` +
        `(CHARGEBEE_SITE; a Chargebee key calls its own site only): left queued; ` +
        `enqueue site ${target.account}'s invoices with that site's key`
      );
    }
    return undefined;
  }

  function providerFor(account: string): BillingProvider {
    if (account === SELF_ACCOUNT || base.name === 'memory') return base.client.providerInstance;
    if (base.name === 'chargebee') {
      if (account === site) return base.client.providerInstance;
      throw new ValidationError({
        issues: [
          {
            path: 'account',
            message: `site ${account} is not CHARGEBEE_SITE: run a worker per site with --account`,
          },
        ],
        context: 'worker',
      });
    }
    let provider = providers.get(account);
    if (!provider && stripe) {
      const { createStripeProvider, Stripe } = stripe;
      const apiKey = env[BILLBRIDGE_ENV.stripeSecretKey]?.trim() ?? '';
      // Checked already: `resolveCliProvider` above refuses a bad base URL.
      const apiBase = flags.apiBase ?? env[BILLBRIDGE_ENV.stripeApiBase]?.trim();
      const apiVersion = env[BILLBRIDGE_ENV.stripeApiVersion]?.trim();
      const client = new Stripe(apiKey, {
        stripeAccount: account,
        maxNetworkRetries: 0,
        telemetry: false,
        appInfo: { name: 'billbridge' },
        ...(apiBase ? parseApiBase(apiBase) : {}),
      });
      provider = createStripeProvider({ client, ...(apiVersion ? { apiVersion } : {}) });
      providers.set(account, provider);
    }
    // Unreachable: memory and Chargebee returned above, and a Stripe worker loaded `stripe`.
    if (!provider) throw new Error(`billbridge worker: no provider for account ${account}`);
    return provider;
  }

  return {
    name: base.name,
    credentials: base.account,
    refuse,
    clientFor(target: BulkAccountTarget, limiter: RateLimiter, stopSignal: AbortSignal): BillingClient {
      // `refuse` turned these away already; never call with another key's credentials.
      const refused = refuse(target);
      if (refused !== undefined) throw new Error(`billbridge worker: job ${target.jobId}: ${refused}`);
      return createBillingClient({
        provider: rateLimitProvider(providerFor(target.account), limiter, { stopSignal }),
      });
    },
  };
}
