import * as z from 'zod';

/** Idempotency keys: Chargebee caps them at 100 characters, Stripe at 255; billbridge takes the smaller. */
export const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** An AbortSignal that stops the call and its retries. */
export const requestSignalSchema = z.custom<AbortSignal>(
  (value) => typeof AbortSignal !== 'undefined' && value instanceof AbortSignal,
  'must be an AbortSignal',
);

/** The strict zod schema of `ReadOptions`. */
export const readOptionsSchema = z.strictObject({ signal: requestSignalSchema.optional() });
/** The options of a read (`getInvoice`, `getCustomerBalance`, …): an optional abort signal. */
export type ReadOptions = z.input<typeof readOptionsSchema>;
