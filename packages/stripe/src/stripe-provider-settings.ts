import { STRIPE_API_VERSION_PATTERN } from '@billbridge/core';
import type Stripe from 'stripe';
import { z } from 'zod';

/** One webhook signing secret. The value is never echoed in a message. */
const webhookSecretSchema = z
  .string('must be a string (the endpoint signing secret, whsec_…)')
  .min(1, 'must not be empty')
  .regex(/^\S+$/, 'must not contain whitespace (an extra newline or space copied with the secret?)');

/**
 * Settings of `createStripeProvider`. Give either `client` (a `Stripe` instance you configured) or
 * `apiKey` (billbridge creates the client, with the SDK's own retries off). The umbrella package
 * validates configuration with this schema.
 */
export const stripeProviderSettingsSchema = z
  .strictObject({
    /** A configured `Stripe` client. Its API version is used unless `apiVersion` is given. */
    client: z
      .custom<Stripe>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as { invoices?: { voidInvoice?: unknown } }).invoices?.voidInvoice === 'function',
        'must be a Stripe client (new Stripe(key, config))',
      )
      .optional(),
    /** A secret (`sk_…`) or restricted (`rk_…`) key; used only when no `client` is given. */
    apiKey: z.string('must be a string').min(1, 'must not be empty').optional(),
    /** The Stripe API version to send as `Stripe-Version`, e.g. `2019-11-05` or `2026-10-28.endive`. */
    apiVersion: z
      .string('must be a string')
      .regex(STRIPE_API_VERSION_PATTERN, 'must be a Stripe API version such as "2019-11-05"')
      .optional(),
    /** Record `reasonCode`/`comment` of a void as invoice metadata (default `true`). */
    recordVoidReasonAsMetadata: z.boolean('must be a boolean').optional(),
    /** Only for a client billbridge creates: where to send requests (loopback servers, benches). */
    host: z.string().min(1).optional(),
    port: z.int().min(1).max(65_535).optional(),
    protocol: z.enum(['http', 'https']).optional(),
    /** Only for a client billbridge creates: per-request timeout in ms (stripe-node default 80 000). */
    timeout: z.int().min(1).optional(),
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
  .refine((settings) => settings.client !== undefined || settings.apiKey !== undefined, {
    message: 'give either client (a Stripe instance) or apiKey',
    path: ['apiKey'],
  })
  .refine((settings) => !(settings.client !== undefined && settings.apiKey !== undefined), {
    message: 'give client or apiKey, not both',
    path: ['apiKey'],
  });

export type StripeProviderSettings = z.input<typeof stripeProviderSettingsSchema>;
