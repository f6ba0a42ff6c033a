import type { AppliedBalanceMode } from './void-invoice.js';

/** How a provider takes a void's reason code or comment. */
export type VoidTextHandling = 'native' | 'metadata' | 'none';

/** What a provider can do, declared as data and checked by the client before any request (DESIGN §6). */
export interface Capabilities {
  voidInvoice: {
    /** The `appliedBalance` modes this provider (at its API version) can honour. */
    appliedBalance: readonly AppliedBalanceMode[];
    reasonCode: VoidTextHandling;
    comment: VoidTextHandling;
    /** Whether a void creates a credit note (Chargebee's site setting). */
    creditNoteOnVoid: boolean;
  };
  creditNotes: {
    /** How a credit note on a paid invoice can be settled. */
    paidSettlement: readonly ('credit_balance' | 'refund' | 'out_of_band')[];
    /** Whether Stripe's `reason` enum is native (`true`) or recorded as a reason code. */
    nativeReason: boolean;
  };
  subscriptionBalanceSettings: {
    /** The values of `consumeAppliedBalanceOnVoid` the provider can honour. */
    consumeAppliedBalanceOnVoid: readonly boolean[];
  };
}
