import * as z from 'zod';
import { billingEventTypeSchema } from './billing-event.js';
import { appliedBalanceSchema } from './void-invoice.js';

/** How a provider takes a void's reason code or comment. */
export const voidTextHandlingSchema = z.enum(['native', 'metadata', 'none']);
/**
 * How a provider takes a void's reason code or comment: `native` (its own field), `metadata` (stored as
 * metadata), `none` (dropped, with a warning).
 */
export type VoidTextHandling = z.infer<typeof voidTextHandlingSchema>;

/** What a provider can do, declared as data and checked by the client before any request (DESIGN §6). */
export const capabilitiesSchema = z.object({
  voidInvoice: z.object({
    /** The `appliedBalance` modes this provider (at its API version) can honour. */
    appliedBalance: z.array(appliedBalanceSchema).readonly(),
    reasonCode: voidTextHandlingSchema,
    comment: voidTextHandlingSchema,
    /** Whether a void creates a credit note (Chargebee's site setting). */
    creditNoteOnVoid: z.boolean(),
  }),
  creditNotes: z.object({
    /** How a credit note on a paid invoice can be settled. */
    paidSettlement: z.array(z.enum(['credit_balance', 'refund', 'out_of_band'])).readonly(),
    /** Whether Stripe's `reason` enum is native (`true`) or recorded as a reason code. */
    nativeReason: z.boolean(),
    /**
     * Whether a credit note on a paid invoice can cover the customer balance that was applied to it
     * (Stripe: yes; Chargebee: no, promotional credits are a discount and not part of its total).
     */
    appliedBalanceCreditable: z.boolean(),
  }),
  subscriptionBalanceSettings: z.object({
    /** The values of `consumeAppliedBalanceOnVoid` the provider can honour. */
    consumeAppliedBalanceOnVoid: z.array(z.boolean()).readonly(),
  }),
  /**
   * The normalized event types this provider's webhooks deliver (DESIGN §13); absent for a
   * provider that has no webhooks (`billing.parseWebhook` then refuses before reading anything).
   */
  webhooks: z
    .object({
      events: z.array(billingEventTypeSchema).readonly(),
    })
    .optional(),
});
/**
 * What a provider can do, as data (`capabilitiesSchema`): the client checks a call against it before any
 * request (DESIGN §6).
 */
export type Capabilities = z.infer<typeof capabilitiesSchema>;
