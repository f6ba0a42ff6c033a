import { z } from 'zod';
import type { BillingWarning } from './billing-warning.js';
import type { CreditNote } from './credit-note.js';
import type { Invoice } from './invoice.js';
import type { Money } from './money.js';
import { providerOptionsSchema } from './provider-options.js';
import { idempotencyKeySchema, requestSignalSchema } from './request-options.js';

/** `return`: customer credit applied to the invoice goes back to the customer. `consume`: it is lost. */
export const appliedBalanceSchema = z.enum(['return', 'consume']);
export type AppliedBalanceMode = z.infer<typeof appliedBalanceSchema>;

export const voidInvoiceOptionsSchema = z.strictObject({
  appliedBalance: appliedBalanceSchema.optional(),
  reasonCode: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  comment: z.string().max(300, 'must be at most 300 characters').optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
  providerOptions: providerOptionsSchema.optional(),
  signal: requestSignalSchema.optional(),
});

export type VoidInvoiceOptions = z.input<typeof voidInvoiceOptionsSchema>;

export interface VoidInvoiceResult {
  /** The invoice after the void: status `void`. */
  invoice: Invoice;
  /** Customer credit given back by this void (positive = credit to the customer); `null` when none came back. */
  balanceReturned: Money | null;
  /** The credit note the provider created for the void (Chargebee's "Void invoices with credit note"). */
  creditNote: CreditNote | null;
  warnings: BillingWarning[];
  /** True when the provider answered from its idempotency record instead of voiding again. */
  replayed: boolean;
  /** The provider's response. */
  raw: unknown;
}
