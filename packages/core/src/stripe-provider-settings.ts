import * as z from 'zod';
import {
  type ApiEndpoint,
  apiBaseSchema,
  parseApiBase,
  refuseConflictingConnectionSettings,
} from './api-base.js';
import { STRIPE_API_VERSION_PATTERN } from './stripe-api-version.js';

/**
 * What billbridge checks a `client` setting for: a `Stripe` instance (`new Stripe(key, config)`).
 * Structural, so the settings (and the umbrella package that validates them) need no SDK.
 */
export interface StripeClientLike {
  invoices: { voidInvoice: (...args: never[]) => unknown };
}

/** Stripe's own API host: the only one a live key is sent to. */
export const STRIPE_API_HOST = 'api.stripe.com';

/** A Stripe secret or restricted key: `sk_test_…`, `sk_live_…`, `rk_test_…`, `rk_live_…`, no whitespace. */
export const STRIPE_API_KEY_PATTERN = /^(?:sk|rk)_(?:test|live)_\S+$/;

/** True for a live-mode Stripe key (`sk_live_…`, `rk_live_…`). */
export function isStripeLiveKey(apiKey: string): boolean {
  return /^(?:sk|rk)_live_/.test(apiKey);
}

/** One webhook signing secret. The value is never echoed in a message. */
const webhookSecretSchema = z
  .string('must be a string (the endpoint signing secret, whsec_…)')
  .min(1, 'must not be empty')
  .regex(/^\S+$/, 'must not contain whitespace (an extra newline or space copied with the secret?)');

/** Key shape, checked before any use; the messages never contain the value. */
export const stripeApiKeySchema = z.string('must be a string').superRefine((key, context) => {
  if (key === '') context.addIssue({ code: 'custom', message: 'must not be empty' });
  else if (/\s/.test(key)) {
    context.addIssue({ code: 'custom', message: 'must not contain whitespace (a trailing newline?)' });
  } else if (!STRIPE_API_KEY_PATTERN.test(key)) {
    context.addIssue({
      code: 'custom',
      message: 'must be a Stripe secret or restricted key (sk_test_…, sk_live_…, rk_test_…, rk_live_…)',
    });
  }
});

/**
 * Settings of `createStripeProvider` (and the `stripe` section of the umbrella's config). Give
 * either `client` (a `Stripe` instance you configured) or `apiKey` (billbridge creates the client,
 * with the SDK's own retries off). The schema checks shapes and combinations; that one of `client`
 * and `apiKey` is present is checked by the factory, so a configuration layer can validate partial
 * settings and fill `apiKey` from `STRIPE_SECRET_KEY`. No message contains a key.
 */
export const stripeProviderSettingsSchema = z
  .strictObject({
    /** A configured `Stripe` client. Its API version is used unless `apiVersion` is given. */
    client: z
      .custom<StripeClientLike>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as { invoices?: { voidInvoice?: unknown } }).invoices?.voidInvoice === 'function',
        'must be a Stripe client (new Stripe(key, config))',
      )
      .optional(),
    /** A secret (`sk_…`) or restricted (`rk_…`) key; used only when no `client` is given. */
    apiKey: stripeApiKeySchema.optional(),
    /** The Stripe API version to send as `Stripe-Version`, e.g. `2019-11-05` or `2026-10-28.endive`. */
    apiVersion: z
      .string('must be a string')
      .regex(STRIPE_API_VERSION_PATTERN, 'must be a Stripe API version such as "2019-11-05"')
      .optional(),
    /** Record `reasonCode`/`comment` of a void as invoice metadata (default `true`). */
    recordVoidReasonAsMetadata: z.boolean('must be a boolean').optional(),
    /**
     * Where a client billbridge creates sends requests, as one URL: the billbridge emulator
     * (`http://127.0.0.1:12111`) or another server that answers like Stripe. Turned into
     * stripe-node's `host`, `port` and `protocol`. A live key is refused with any other host than
     * `https://api.stripe.com`.
     */
    apiBase: apiBaseSchema.optional(),
    /** The same as `apiBase`, as stripe-node's own three options (benchmarks, loopback servers). */
    host: z.string('must be a string').min(1, 'must not be empty').optional(),
    port: z.int('must be an integer').min(1).max(65_535).optional(),
    protocol: z.enum(['http', 'https'], { error: 'must be "http" or "https"' }).optional(),
    /** Only for a client billbridge creates: per-request timeout in ms (stripe-node default 80 000). */
    timeout: z.int('must be an integer').min(1).optional(),
    /**
     * The webhook endpoint's signing secret (`whsec_…`), or several while rotating one: a delivery
     * signed with any of them is accepted. Needed only for `billing.parseWebhook`.
     */
    webhookSecret: z
      .union([webhookSecretSchema, z.array(webhookSecretSchema).min(1, 'must hold at least one secret')])
      .optional(),
    /** Seconds a webhook signature's timestamp may be old (default 300, Stripe's own). */
    webhookToleranceSeconds: z.int('must be a whole number of seconds').min(1).max(86_400).optional(),
    /** The clock webhook timestamps are checked against (tests inject one). */
    now: z
      .custom<() => Date>((value) => typeof value === 'function', 'must be a function returning a Date')
      .optional(),
  })
  .superRefine((settings, context) => {
    refuseConflictingConnectionSettings(settings, context, {
      withClient: ['apiKey', 'apiBase', 'host', 'port', 'protocol', 'timeout'],
      endpoint: ['host', 'port', 'protocol'],
    });
    const endpoint = stripeEndpoint(settings);
    if (
      typeof settings.apiKey === 'string' &&
      isStripeLiveKey(settings.apiKey) &&
      endpoint !== undefined &&
      !isStripeOwnEndpoint(endpoint)
    ) {
      context.addIssue({
        code: 'custom',
        path: [endpointSettingName(settings)],
        message: `is not https://${STRIPE_API_HOST}: a live key (sk_live_…, rk_live_…) is only sent to Stripe itself; use a test key with other servers`,
      });
    }
  });

/**
 * The settings `createStripeProvider` takes (`apiKey` or `client`, `apiVersion`, `webhookSecret`,
 * `apiBase`, …), as written by the caller; validated by `stripeProviderSettingsSchema`.
 */
export type StripeProviderSettings = z.input<typeof stripeProviderSettingsSchema>;

/** The setting that moved the endpoint, to name in an error. */
function endpointSettingName(settings: { apiBase?: unknown; host?: unknown; port?: unknown }): string {
  if (settings.apiBase !== undefined) return 'apiBase';
  return settings.host !== undefined ? 'host' : settings.port !== undefined ? 'port' : 'protocol';
}

/** Stripe's own endpoint, for the SDK defaults. */
function isStripeOwnEndpoint(endpoint: Partial<ApiEndpoint>): boolean {
  return (
    (endpoint.host ?? STRIPE_API_HOST) === STRIPE_API_HOST &&
    (endpoint.protocol ?? 'https') === 'https' &&
    (endpoint.port ?? 443) === 443
  );
}

/**
 * The endpoint options a client billbridge creates gets (`host`, `port`, `protocol` of stripe-node),
 * from `apiBase` or the three separate settings; `undefined` when none is set (the SDK's default,
 * `https://api.stripe.com`). Settings must have passed `stripeProviderSettingsSchema`.
 */
export function stripeEndpoint(settings: {
  apiBase?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  protocol?: 'http' | 'https' | undefined;
}): Partial<ApiEndpoint> | undefined {
  if (settings.apiBase !== undefined) {
    try {
      return parseApiBase(settings.apiBase);
    } catch {
      return undefined;
    }
  }
  if (settings.host === undefined && settings.port === undefined && settings.protocol === undefined) {
    return undefined;
  }
  return {
    ...(settings.host !== undefined ? { host: settings.host } : {}),
    ...(settings.port !== undefined ? { port: settings.port } : {}),
    ...(settings.protocol !== undefined ? { protocol: settings.protocol } : {}),
  };
}
