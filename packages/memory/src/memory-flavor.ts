import {
  BILLING_EVENT_TYPES,
  type Capabilities,
  type InvoiceStatus,
  stripeReturnsBalanceOnVoid,
} from '@billbridge/core';

/** Which provider the memory provider behaves as: `stripe` or `chargebee`. */
export type MemoryFlavorName = 'stripe' | 'chargebee';

/** The rules that differ between the flavors, as data. */
export interface MemoryFlavor {
  name: MemoryFlavorName;
  /** The API version the provider's objects (`raw`) are shaped by: Stripe's (e.g. `2019-11-05`), or Chargebee's `v2`. */
  apiVersion: string;
  /** The provider's own status word for each normalized status. */
  statusWords: Record<InvoiceStatus, string>;
  /** Id style per kind: a prefix and random characters (Stripe `in_…`), or a numbered series (Chargebee `INV-1001`). */
  ids: Record<
    'customer' | 'invoice' | 'creditNote' | 'subscription' | 'invoiceItem' | 'subscriptionItem' | 'price',
    { prefix: string; numbered: boolean }
  >;
  /** What a void does with applied balance when the caller says nothing (Stripe before 2019-12-03: consume). */
  defaultConsumesOnVoid: boolean;
  capabilities: Capabilities;
}

/**
 * The Stripe rules of the memory provider at `apiVersion` (what a void does with applied balance changed
 * on 2019-12-03).
 */
export function stripeFlavor(apiVersion: string): MemoryFlavor {
  const returns = stripeReturnsBalanceOnVoid(apiVersion);
  return {
    name: 'stripe',
    apiVersion,
    statusWords: { draft: 'draft', open: 'open', paid: 'paid', uncollectible: 'uncollectible', void: 'void' },
    ids: {
      customer: { prefix: 'cus_', numbered: false },
      invoice: { prefix: 'in_', numbered: false },
      creditNote: { prefix: 'cn_', numbered: false },
      subscription: { prefix: 'sub_', numbered: false },
      invoiceItem: { prefix: 'ii_', numbered: false },
      subscriptionItem: { prefix: 'si_', numbered: false },
      price: { prefix: 'price_', numbered: false },
    },
    defaultConsumesOnVoid: !returns,
    capabilities: {
      voidInvoice: {
        appliedBalance: returns ? ['return'] : ['return', 'consume'],
        reasonCode: 'metadata',
        comment: 'metadata',
        creditNoteOnVoid: false,
      },
      creditNotes: {
        paidSettlement: ['credit_balance', 'refund', 'out_of_band'],
        nativeReason: true,
        appliedBalanceCreditable: true,
      },
      subscriptionBalanceSettings: { consumeAppliedBalanceOnVoid: returns ? [false] : [false, true] },
      // Every normalized type: each state change is delivered (docs/webhooks.md has the table).
      webhooks: { events: BILLING_EVENT_TYPES },
    },
  };
}

/**
 * The Chargebee rules of the memory provider, with or without the site setting "Void invoices with credit
 * note".
 */
export function chargebeeFlavor(voidCreatesCreditNote: boolean): MemoryFlavor {
  return {
    name: 'chargebee',
    apiVersion: 'v2',
    statusWords: {
      draft: 'pending',
      open: 'payment_due',
      paid: 'paid',
      uncollectible: 'not_paid',
      void: 'voided',
    },
    ids: {
      customer: { prefix: '', numbered: false },
      invoice: { prefix: 'INV-', numbered: true },
      creditNote: { prefix: 'CN-', numbered: true },
      subscription: { prefix: '', numbered: false },
      invoiceItem: { prefix: 'li_', numbered: false },
      subscriptionItem: { prefix: 'si_', numbered: false },
      price: { prefix: 'price_', numbered: false },
    },
    defaultConsumesOnVoid: false,
    capabilities: {
      voidInvoice: {
        appliedBalance: ['return'],
        reasonCode: 'native',
        comment: 'native',
        creditNoteOnVoid: voidCreatesCreditNote,
      },
      creditNotes: {
        paidSettlement: ['credit_balance', 'refund'],
        nativeReason: false,
        appliedBalanceCreditable: false,
      },
      subscriptionBalanceSettings: { consumeAppliedBalanceOnVoid: [false] },
      webhooks: { events: BILLING_EVENT_TYPES },
    },
  };
}
