import * as z from 'zod';
import { moneySchema } from './money.js';

/** Normalized invoice status. Chargebee: pending→draft, posted/payment_due→open, not_paid→uncollectible, voided→void. */
export const invoiceStatusSchema = z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']);
/** The normalized invoice status: `draft`, `open`, `paid`, `uncollectible` or `void`. */
export type InvoiceStatus = z.infer<typeof invoiceStatusSchema>;

/**
 * The zod schema of `Invoice`, the normalized invoice every provider returns (amounts in integer minor
 * units).
 */
export const invoiceSchema = z.object({
  id: z.string(),
  /** Which provider this came from: `stripe`, `chargebee`, `memory`. */
  provider: z.string(),
  customerId: z.string(),
  subscriptionId: z.string().nullable(),
  status: invoiceStatusSchema,
  /** The provider's own status word (`open`, `payment_due`, `voided`, …). */
  providerStatus: z.string(),
  currency: z.string(),
  total: moneySchema,
  amountDue: moneySchema,
  amountPaid: moneySchema,
  /** Customer credit applied to this invoice when it was finalized; `null` when none was. */
  appliedBalance: moneySchema.nullable(),
  /** Sum of the credit notes issued against this invoice and not voided. */
  amountCredited: moneySchema,
  /**
   * What a credit note can still cover. Unpaid: what is due. Paid: Stripe `total − credited`;
   * Chargebee books promotional credits as a discount, so its creditable total excludes them.
   */
  amountCreditable: moneySchema,
  /** The reason code the void was recorded with (Chargebee `void_reason_code`; Stripe: billbridge's metadata). */
  voidReasonCode: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  /** ISO 8601. */
  createdAt: z.string(),
  voidedAt: z.string().nullable(),
  /** The provider's object. */
  raw: z.unknown(),
});

/**
 * An invoice as billbridge returns it from every provider: normalized status, amounts as `Money` (integer
 * minor units), applied balance, dates, and the provider's `raw` object.
 */
export type Invoice = z.infer<typeof invoiceSchema>;
