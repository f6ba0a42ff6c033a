import * as z from 'zod';

/**
 * `providerOptions.stripe` on `voidInvoice` (strict: an unknown key is a `ValidationError`).
 * `recordVoidReasonAsMetadata: false` skips writing the reason code and comment as invoice
 * metadata for this call; the result then carries a warning for each one given.
 */
export const stripeProviderOptionsSchema = z.strictObject({
  recordVoidReasonAsMetadata: z.boolean('must be a boolean').optional(),
});

/** `providerOptions.stripe` of `voidInvoice` (see `stripeProviderOptionsSchema`). */
export type StripeProviderOptions = z.infer<typeof stripeProviderOptionsSchema>;
