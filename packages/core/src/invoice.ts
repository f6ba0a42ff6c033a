import type { Money } from './money.js';

/** Normalized invoice status. Chargebee: pending→draft, posted/payment_due→open, not_paid→uncollectible, voided→void. */
export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

export interface Invoice {
  id: string;
  /** Which provider this came from: `stripe`, `chargebee`, `memory`. */
  provider: string;
  customerId: string;
  subscriptionId: string | null;
  status: InvoiceStatus;
  /** The provider's own status word (`open`, `payment_due`, `voided`, …). */
  providerStatus: string;
  currency: string;
  total: Money;
  amountDue: Money;
  amountPaid: Money;
  /** Customer credit applied to this invoice when it was finalized; `null` when none was. */
  appliedBalance: Money | null;
  /** Sum of the credit notes issued against this invoice and not voided. */
  amountCredited: Money;
  /** The reason code the void was recorded with (Chargebee `void_reason_code`; Stripe: billbridge's metadata). */
  voidReasonCode: string | null;
  metadata: Record<string, string>;
  createdAt: string;
  voidedAt: string | null;
  raw: unknown;
}
