import type Stripe from 'stripe';

/**
 * An app's own billing code, written against stripe-node only: bill a one-off charge to a customer
 * who has credit, then cancel it by voiding the invoice. Returns the customer's balance after.
 */
export async function billThenCancel(stripe: Stripe, customerId: string, amount: number): Promise<number> {
  await stripe.invoiceItems.create({ customer: customerId, amount, currency: 'usd' });
  const draft = await stripe.invoices.create({
    customer: customerId,
    pending_invoice_items_behavior: 'include',
  });
  await stripe.invoices.finalizeInvoice(draft.id);
  await stripe.invoices.voidInvoice(draft.id);
  const customer = (await stripe.customers.retrieve(customerId)) as Stripe.Customer;
  return customer.balance;
}
