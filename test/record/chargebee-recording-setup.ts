import { CONTRACT_AMOUNTS } from '@billbridge/testing';
import type Chargebee from 'chargebee';

/**
 * Provider state for Chargebee recordings, created through the raw SDK (never recorded), with
 * billbridge's standard amounts: 500 of promotional credits, an invoice of 2000 (Chargebee books
 * the credits as a discount: total 1500), credit notes of 300. Currency USD: the test site must
 * bill in USD. Parameter names are the `chargebee` package's own (3.33.0, types/resources/*.d.ts).
 */
const CURRENCY = 'USD';
const { credit, total, creditNote } = CONTRACT_AMOUNTS;

/** `chargebee.invoice.recordPayment` and `customer.recordExcessPayment` want Unix seconds. */
const nowInSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A customer whose id is chosen here (`bbrec-<run>-<role>`, ≤ 50 characters as Chargebee allows), with
 * auto collection off so Chargebee never tries to charge it, and `promotionalCredits` added.
 */
export async function createChargebeeCustomer(
  chargebee: Chargebee,
  options: { runId: string; role?: string; promotionalCredits?: number },
): Promise<string> {
  const id = `bbrec-${options.runId}-${options.role ?? 'ada'}`;
  await chargebee.customer.create({ id, first_name: 'Ada', last_name: 'Lovelace', auto_collection: 'off' });
  await addChargebeePromotionalCredits(chargebee, id, options.promotionalCredits ?? credit);
  return id;
}

/**
 * Promotional credits, which Chargebee applies to the customer's next invoices on its own ("When a
 * customer has promotional credits, it is automatically applied whenever a new invoice is
 * created", apidocs.chargebee.com/docs/api/promotional_credits).
 */
export async function addChargebeePromotionalCredits(
  chargebee: Chargebee,
  customerId: string,
  amount: number,
): Promise<void> {
  if (amount <= 0) return;
  await chargebee.promotionalCredit.add({
    customer_id: customerId,
    amount,
    currency_code: CURRENCY,
    description: 'billbridge recording: promotional credits',
  });
}

/**
 * A one-off invoice of `amount` (a charge, no catalog item needed), created closed (status
 * `payment_due` with auto collection off); returns its id and what is due after the credits.
 */
export async function createChargebeeInvoice(
  chargebee: Chargebee,
  options: { customerId: string; amount?: number },
): Promise<{ invoiceId: string; amountDue: number }> {
  const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
    customer_id: options.customerId,
    currency_code: CURRENCY,
    auto_collection: 'off',
    charges: [{ amount: options.amount ?? total, description: 'Pro plan (monthly)' }],
  });
  return { invoiceId: invoice.id, amountDue: invoice.amount_due ?? 0 };
}

/** An offline (cash) payment of `amount` against the invoice: all of what is due pays it. */
export async function recordChargebeePayment(
  chargebee: Chargebee,
  invoiceId: string,
  amount: number,
): Promise<void> {
  await chargebee.invoice.recordPayment(invoiceId, {
    transaction: { amount, payment_method: 'cash', date: nowInSeconds() },
  });
}

/** Voids the invoice (to record a refused second void). */
export async function voidChargebeeInvoice(chargebee: Chargebee, invoiceId: string): Promise<void> {
  await chargebee.invoice.voidInvoice(invoiceId, {});
}

/** A credit note on the invoice: `adjustment` on an unpaid one, `refundable` on a paid one. */
export async function createChargebeeCreditNote(
  chargebee: Chargebee,
  options: {
    invoiceId: string;
    type: 'adjustment' | 'refundable';
    total?: number;
    reasonCode?: 'order_change' | 'other';
  },
): Promise<string> {
  const { credit_note } = await chargebee.creditNote.create({
    reference_invoice_id: options.invoiceId,
    type: options.type,
    total: options.total ?? creditNote,
    reason_code: options.reasonCode ?? 'order_change',
  });
  return credit_note.id;
}

/** A payment the customer made without an invoice to pay: it stays as excess payments. */
export async function recordChargebeeExcessPayment(
  chargebee: Chargebee,
  customerId: string,
  amount: number,
): Promise<void> {
  await chargebee.customer.recordExcessPayment(customerId, {
    transaction: { amount, currency_code: CURRENCY, payment_method: 'cash', date: nowInSeconds() },
  });
}

/** Throws unless the site has no invoice `invoiceId` (the SDK rejects with Chargebee's error JSON). */
export async function assertNoChargebeeInvoice(chargebee: Chargebee, invoiceId: string): Promise<void> {
  const found = await chargebee.invoice.retrieve(invoiceId).then(
    () => true,
    (error: { http_status_code?: number }) => {
      if (error?.http_status_code === 404) return false;
      throw error;
    },
  );
  if (found) throw new Error(`invoice ${invoiceId} exists on this site; the cassette needs it not to`);
}
