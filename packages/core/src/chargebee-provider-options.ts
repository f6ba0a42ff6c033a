import * as z from 'zod';

/**
 * `providerOptions.chargebee` on `voidInvoice`. Strict: an unknown key is a `ValidationError`.
 *
 * - `skipEmails`: sends `chargebee-event-email: all-disabled`, so Chargebee sends no e-mails for the void.
 * - `skipWebhooks`: sends `chargebee-event-webhook: all-disabled`, so the `invoice_updated` webhook is not sent.
 *
 * Both headers are documented on Chargebee's endpoints (request headers `chargebee-event-email` and
 * `chargebee-event-webhook`, value `all-disabled`).
 */
export const chargebeeProviderOptionsSchema = z.strictObject({
  skipEmails: z.boolean().optional(),
  skipWebhooks: z.boolean().optional(),
});

/**
 * `providerOptions.chargebee` of `voidInvoice`: `skipEmails` and `skipWebhooks` (see
 * `chargebeeProviderOptionsSchema`).
 */
export type ChargebeeProviderOptions = z.infer<typeof chargebeeProviderOptionsSchema>;
