import Stripe from 'stripe';

/** The parts of a Stripe client billbridge reads to learn its configured API version. */
interface ConfiguredStripeClient {
  getApiField?: (key: 'version') => unknown;
  _api?: { version?: unknown };
}

/**
 * The API version a request will be made with (DESIGN §3.1): the explicit `apiVersion` option,
 * else the injected client's configured version, else the installed SDK's pinned default.
 *
 * stripe-node keeps its configuration in `_api` and reads it with `getApiField('version')`
 * (stripe.core.js: `version: props.apiVersion || DEFAULT_API_VERSION`), so an injected client
 * built without `apiVersion` reports the SDK's pinned version.
 */
export function resolveStripeApiVersion(options: { apiVersion?: string; client?: unknown }): string {
  if (options.apiVersion) return options.apiVersion;
  const client = options.client as ConfiguredStripeClient | undefined;
  if (client) {
    const configured =
      typeof client.getApiField === 'function' ? client.getApiField('version') : client._api?.version;
    if (typeof configured === 'string' && configured !== '') return configured;
  }
  return Stripe.API_VERSION;
}
