import { type Capabilities, type InvoiceStatus, stripeReturnsBalanceOnVoid } from '@billbridge/core';

export type MemoryFlavorName = 'stripe' | 'chargebee';

/** The rules that differ between the flavors, as data. */
export interface MemoryFlavor {
  name: MemoryFlavorName;
  /** The provider's own status word for each normalized status. */
  statusWords: Record<InvoiceStatus, string>;
  idPrefixes: { customer: string; invoice: string; creditNote: string; subscription: string };
  /** What a void does with applied balance when the caller says nothing (Stripe before 2019-12-03: consume). */
  defaultConsumesOnVoid: boolean;
  capabilities: Capabilities;
}

export function stripeFlavor(apiVersion: string): MemoryFlavor {
  const returns = stripeReturnsBalanceOnVoid(apiVersion);
  return {
    name: 'stripe',
    statusWords: { draft: 'draft', open: 'open', paid: 'paid', uncollectible: 'uncollectible', void: 'void' },
    idPrefixes: { customer: 'cus_', invoice: 'in_', creditNote: 'cn_', subscription: 'sub_' },
    defaultConsumesOnVoid: !returns,
    capabilities: {
      voidInvoice: {
        appliedBalance: returns ? ['return'] : ['return', 'consume'],
        reasonCode: 'metadata',
        comment: 'metadata',
        creditNoteOnVoid: false,
      },
      creditNotes: { paidSettlement: ['credit_balance', 'refund', 'out_of_band'], nativeReason: true },
      subscriptionBalanceSettings: { consumeAppliedBalanceOnVoid: returns ? [false] : [false, true] },
    },
  };
}

export function chargebeeFlavor(voidCreatesCreditNote: boolean): MemoryFlavor {
  return {
    name: 'chargebee',
    statusWords: {
      draft: 'pending',
      open: 'payment_due',
      paid: 'paid',
      uncollectible: 'not_paid',
      void: 'voided',
    },
    idPrefixes: { customer: 'cb_cus_', invoice: 'cb_inv_', creditNote: 'cb_cn_', subscription: 'cb_sub_' },
    defaultConsumesOnVoid: false,
    capabilities: {
      voidInvoice: {
        appliedBalance: ['return'],
        reasonCode: 'native',
        comment: 'native',
        creditNoteOnVoid: voidCreatesCreditNote,
      },
      creditNotes: { paidSettlement: ['credit_balance', 'refund'], nativeReason: false },
      subscriptionBalanceSettings: { consumeAppliedBalanceOnVoid: [false] },
    },
  };
}
