import type { Invoice, InvoiceStatus, Money, VoidBlocker } from '@billbridge/core';
import { stripeUsesBasilShapes, unixSecondsToIso } from '@billbridge/core';
import Stripe from 'stripe';
import { expandableId, type StripeInvoiceObject } from './stripe-objects.js';
import { STRIPE_VOID_METADATA_KEYS } from './stripe-void-metadata.js';

const statuses: Record<string, InvoiceStatus> = {
  draft: 'draft',
  open: 'open',
  paid: 'paid',
  uncollectible: 'uncollectible',
  void: 'void',
};

/**
 * Customer balance applied by a finalized invoice: `ending_balance - starting_balance` (Stripe's
 * balance is negative for credit, so a positive result is credit taken from the customer).
 * `null` when nothing was applied or the invoice was never finalized (`ending_balance` null).
 */
export function stripeAppliedBalance(invoice: StripeInvoiceObject): Money | null {
  const { starting_balance: starting, ending_balance: ending } = invoice;
  if (typeof starting !== 'number' || typeof ending !== 'number') return null;
  const applied = ending - starting;
  return applied === 0 ? null : { amount: applied, currency: invoice.currency };
}

/**
 * The invoice's subscription: since API 2025-03-31.basil in `parent.subscription_details`, before
 * it in `subscription` (each version has only its own field).
 */
function subscriptionOf(invoice: StripeInvoiceObject, apiVersion: string): string | null {
  if (stripeUsesBasilShapes(apiVersion)) {
    return expandableId(invoice.parent?.subscription_details?.subscription);
  }
  return expandableId(invoice.subscription);
}

/**
 * Maps a Stripe invoice of `apiVersion` (default: the installed SDK's) to billbridge's `Invoice`.
 * `amount_overpaid` (what a customer paid beyond the amount due) is not the invoice's: Stripe
 * credits it to the customer balance, where `getCustomerBalance` finds it (docs/stripe.md).
 */
export function mapStripeInvoice(
  invoice: StripeInvoiceObject,
  apiVersion: string = Stripe.API_VERSION,
): Invoice {
  const currency = invoice.currency;
  const providerStatus = invoice.status ?? 'draft';
  // Own keys only: a status named like an Object.prototype member (`constructor`) is unknown, not
  // the member (`function Object()`).
  const status = Object.hasOwn(statuses, providerStatus) ? statuses[providerStatus] : undefined;
  const metadata = { ...(invoice.metadata ?? {}) };
  const credited =
    (invoice.pre_payment_credit_notes_amount ?? 0) + (invoice.post_payment_credit_notes_amount ?? 0);
  return {
    id: invoice.id,
    provider: 'stripe',
    customerId: expandableId(invoice.customer) ?? '',
    subscriptionId: subscriptionOf(invoice, apiVersion),
    status: status ?? 'draft',
    providerStatus,
    currency,
    total: { amount: invoice.total ?? 0, currency },
    amountDue: { amount: invoice.amount_due ?? 0, currency },
    amountPaid: { amount: invoice.amount_paid ?? 0, currency },
    appliedBalance: stripeAppliedBalance(invoice),
    amountCredited: { amount: credited, currency },
    amountCreditable: {
      amount:
        providerStatus === 'paid'
          ? Math.max(0, (invoice.total ?? 0) - credited)
          : providerStatus === 'open' || providerStatus === 'uncollectible'
            ? // What is still due: a partial payment lowers `amount_remaining`, not `amount_due`, and
              // a note over it must settle the paid part (Stripe: "A credit note will first reduce
              // the invoice's amount_remaining").
              (invoice.amount_remaining ?? invoice.amount_due ?? 0)
            : 0,
      currency,
    },
    voidReasonCode: metadata[STRIPE_VOID_METADATA_KEYS.reasonCode] ?? null,
    metadata,
    createdAt: unixSecondsToIso(invoice.created) ?? new Date(0).toISOString(),
    voidedAt: unixSecondsToIso(invoice.status_transitions?.voided_at),
    raw: invoice,
  };
}

/** Why Stripe would refuse to void this invoice (DESIGN §3.4); empty for `open` and `uncollectible`. */
export function stripeVoidBlockers(invoice: Pick<Invoice, 'status'>): VoidBlocker[] {
  switch (invoice.status) {
    case 'void':
      return ['already_void'];
    case 'paid':
      return ['paid'];
    case 'draft':
      return ['draft'];
    default:
      return [];
  }
}
