import type { InvoiceItemRecord } from '@billbridge/memory';
import { isLegacyStripeVersion, unixSeconds } from '../stripe-account.js';

/** An invoice item in the requested version's shape (one unit of `amount`; no price objects). */
export function renderInvoiceItem(item: Readonly<InvoiceItemRecord>, apiVersion: string) {
  const date = unixSeconds(item.createdAt) ?? 0;
  const common = {
    id: item.id,
    object: 'invoiceitem',
    amount: item.amount,
    currency: item.currency,
    customer: item.customerId,
    date,
    description: item.description,
    discountable: true,
    invoice: item.invoiceId,
    livemode: false,
    metadata: { ...item.metadata },
    period: { end: date, start: date },
    proration: false,
    quantity: 1,
    tax_rates: [],
  };
  if (isLegacyStripeVersion(apiVersion))
    return {
      ...common,
      plan: null,
      subscription: null,
      unit_amount: item.amount,
      unit_amount_decimal: String(item.amount),
    };
  return {
    ...common,
    customer_account: null,
    discounts: [],
    net_amount: item.amount,
    parent: null,
    pricing: null,
    quantity_decimal: '1',
    test_clock: null,
  };
}

export function renderDeletedInvoiceItem(id: string) {
  return { id, object: 'invoiceitem', deleted: true };
}
