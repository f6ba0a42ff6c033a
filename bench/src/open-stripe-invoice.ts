import type Stripe from 'stripe';

/**
 * An open invoice of 2 000 for `customerId`: a draft, an item on it (on its own draft: pending
 * items would be swept into whichever draft came first), finalized. Returns its id.
 */
export async function openStripeInvoice(stripe: Stripe, customerId: string): Promise<string> {
  const draft = await stripe.invoices.create({ customer: customerId, auto_advance: false });
  await stripe.invoiceItems.create({
    customer: customerId,
    amount: 2000,
    currency: 'usd',
    invoice: draft.id,
  });
  return (await stripe.invoices.finalizeInvoice(draft.id)).id;
}
