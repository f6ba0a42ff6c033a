import { STRIPE_API_VERSION_PATTERN } from '@billbridge/core';
import * as z from 'zod';

/** The Stripe API version the memory provider's Stripe flavor follows unless told otherwise (stripe-node 23's). */
export const MEMORY_DEFAULT_STRIPE_API_VERSION = '2026-10-28.endive';

/** Calls kept in `provider.calls` unless told otherwise; the oldest is dropped first. */
export const DEFAULT_CALLS_KEPT = 10_000;

const countSchema = z.int().min(0);

/**
 * The strict zod schema of `MemoryProviderSettings`: a setting it does not know, or a bad value, is a
 * `ValidationError` naming it.
 */
export const memoryProviderSettingsSchema = z.strictObject({
  flavor: z.enum(['stripe', 'chargebee']).default('stripe'),
  /** Stripe flavor only: the API version whose balance rules apply (e.g. `2019-11-05`). */
  apiVersion: z
    .string()
    .regex(STRIPE_API_VERSION_PATTERN, 'must be a Stripe API version such as "2019-11-05"')
    .optional(),
  /** Chargebee flavor only: the site setting "Void invoices with credit note". */
  voidCreatesCreditNote: z.boolean().default(false),
  now: z
    .custom<() => Date>((value) => typeof value === 'function', 'must be a function returning a Date')
    .optional(),
  /** Seed for the deterministic id generator. */
  idSeed: z.int().optional(),
  /**
   * Stripe flavor: the secret(s) `billing.parseWebhook` on this provider verifies deliveries with
   * (sign them with `webhookDelivery(event, { secret })`). The real Stripe adapter takes the same.
   */
  webhookSecret: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** Chargebee flavor: the Basic auth `billing.parseWebhook` on this provider expects. */
  webhookAuth: z.strictObject({ username: z.string().min(1), password: z.string().min(1) }).optional(),
  /** Bounds on what the provider remembers besides its records, so long runs stay flat (oldest dropped first). */
  limits: z
    .strictObject({
      /** Entries kept in `calls` (default 10 000; 0 keeps none). */
      calls: countSchema.optional(),
      /** Idempotency keys remembered (default 100 000). */
      idempotencyRecords: countSchema.optional(),
      /** How long an idempotency key is remembered, by the provider's clock (default 24 h, as Stripe). */
      idempotencyTtlMs: countSchema.optional(),
      /** State changes kept in `provider.state.events.list()`, and events in `provider.events` (default 1 000; 0: none, and no cost per change). */
      events: countSchema.optional(),
    })
    .optional(),
});

/** The settings `createMemoryProvider` takes, as the caller writes them. */
export type MemoryProviderSettings = z.input<typeof memoryProviderSettingsSchema>;
