import * as z from 'zod';
import type { CreditNote } from './credit-note.js';
import { creditNoteReasonSchema } from './credit-note.js';
import type { VoidInvoiceResult } from './void-invoice.js';
import { voidInvoiceOptionsSchema } from './void-invoice.js';

/**
 * What to do with a paid invoice, which cannot be voided: `credit_balance` credits the full total to
 * the customer's balance; `refund` refunds what was paid and no earlier credit note refunded, and
 * credits back the rest (the balance that had been applied); `out_of_band` records it as settled outside the provider; `error` (default) refuses.
 */
export const paidInvoiceSettlementSchema = z.enum(['credit_balance', 'refund', 'out_of_band', 'error']);
/**
 * How `reverseInvoice` settles a paid invoice, which cannot be voided: `credit_balance`, `refund`,
 * `out_of_band`, or `error` (the default: refuse).
 */
export type PaidInvoiceSettlement = z.infer<typeof paidInvoiceSettlementSchema>;

/** The strict zod schema of `ReverseInvoiceOptions`. */
export const reverseInvoiceOptionsSchema = voidInvoiceOptionsSchema.extend({
  paid: paidInvoiceSettlementSchema.optional(),
  reason: creditNoteReasonSchema.optional(),
});
/**
 * The options of `reverseInvoice`: those of `voidInvoice`, plus how a paid invoice is settled (`paid`)
 * and the credit note's reason.
 */
export type ReverseInvoiceOptions = z.input<typeof reverseInvoiceOptionsSchema>;

/**
 * What `reverseInvoice` did: voided the invoice (`void`, the `VoidInvoiceResult`) or credited a paid one
 * (`creditNote`).
 */
export type ReverseInvoiceResult =
  | { action: 'voided'; void: VoidInvoiceResult }
  | { action: 'credited'; creditNote: CreditNote };
