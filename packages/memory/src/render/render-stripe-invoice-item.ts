/** A Stripe invoice item as Stripe sends it at `apiVersion` (one unit of `amount`; no price objects). Pure. */
import { stripeUsesBasilShapes } from '@billbridge/core';
import type { InvoiceItemRecord } from '../memory-records.js';
import { unixSeconds } from './render-time.js';

/** A memory invoice item as Stripe's `invoiceitem` at `apiVersion`. */
export function renderStripeInvoiceItem(
  item: Readonly<InvoiceItemRecord>,
  apiVersion: string,
): Record<string, unknown> {
  const date = unixSeconds(item.createdAt);
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
  if (!stripeUsesBasilShapes(apiVersion))
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
