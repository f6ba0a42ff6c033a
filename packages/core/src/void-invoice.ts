import * as z from 'zod';
import { billingWarningSchema } from './billing-warning.js';
import { creditNoteSchema } from './credit-note.js';
import { invoiceSchema } from './invoice.js';
import { moneySchema } from './money.js';
import { providerOptionsSchema } from './provider-options.js';
import { idempotencyKeySchema, requestSignalSchema } from './request-options.js';

/** `return`: customer credit applied to the invoice goes back to the customer. `consume`: it is lost. */
export const appliedBalanceSchema = z.enum(['return', 'consume']);
/**
 * What a void does with customer credit applied to the invoice: `return` it to the customer or `consume`
 * it.
 */
export type AppliedBalanceMode = z.infer<typeof appliedBalanceSchema>;

/** The strict zod schema of `VoidInvoiceOptions`. */
export const voidInvoiceOptionsSchema = z.strictObject({
  appliedBalance: appliedBalanceSchema.optional(),
  reasonCode: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  // Not empty, as `reasonCode`: Stripe unsets a metadata key posted empty, so an empty comment was
  // reported `recorded_as_metadata` while nothing was recorded (until 2026-12-07).
  comment: z.string().min(1, 'must not be empty').max(300, 'must be at most 300 characters').optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
  providerOptions: providerOptionsSchema.optional(),
  signal: requestSignalSchema.optional(),
});

/**
 * The options of `voidInvoice`: what happens to the applied balance, a reason code and comment, an
 * idempotency key, per-provider options, an abort signal.
 */
export type VoidInvoiceOptions = z.input<typeof voidInvoiceOptionsSchema>;

/** The zod schema of `VoidInvoiceResult`. */
export const voidInvoiceResultSchema = z.object({
  /** The invoice after the void: status `void`. */
  invoice: invoiceSchema,
  /** Customer credit given back by this void (positive = credit to the customer); `null` when none came back. */
  balanceReturned: moneySchema.nullable(),
  /** The credit note the provider created for the void (Chargebee's "Void invoices with credit note"). */
  creditNote: creditNoteSchema.nullable(),
  warnings: z.array(billingWarningSchema),
  /** True when the provider answered from its idempotency record instead of voiding again. */
  replayed: z.boolean(),
  /** The provider's response. */
  raw: z.unknown(),
});
/**
 * What `voidInvoice` returns: the voided invoice, the credit returned to the customer (`Money`, or
 * `null`), the credit note the provider made, warnings, and the provider's response.
 */
export type VoidInvoiceResult = z.infer<typeof voidInvoiceResultSchema>;
