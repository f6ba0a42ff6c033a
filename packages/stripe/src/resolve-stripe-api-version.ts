import { stripeClientApiVersion } from '@billbridge/core';
import Stripe from 'stripe';

/**
 * The API version a request will be made with (DESIGN §3.1): the explicit `apiVersion` option,
 * else the injected client's configured version (`stripeClientApiVersion`), else the installed
 * SDK's pinned default.
 */
export function resolveStripeApiVersion(options: { apiVersion?: string; client?: unknown }): string {
  if (options.apiVersion) return options.apiVersion;
  return stripeClientApiVersion(options.client) ?? Stripe.API_VERSION;
}
