import type { VoidBlocker } from '@billbridge/core';
import { amountDue } from '@billbridge/memory';
import { type EmulatorResponse, json } from '../../http/emulator-exchange.js';
import {
  chargebeeEmulatorUnsupported,
  chargebeeInvalidState,
  chargebeeNotFound,
  chargebeeParamError,
} from '../chargebee-error.js';
import { chargebeeListResponse, chargebeePageRequest, filterIs } from '../chargebee-list-page.js';
import { recordedTransactionDate, renderRecordedTransaction } from '../chargebee-recorded-transaction.js';
import { chargebeeCreditNoteOf, chargebeeInvoiceOf } from '../chargebee-render.js';
import type { ChargebeeSite } from '../chargebee-site.js';
import { defineChargebeeRoute } from '../define-chargebee-route.js';
import type { ChargebeeParams } from '../validate-chargebee-params.js';

/**
 * A one-off invoice for `charges` (`charges[amount][i]`, `charges[description][i]`, both required
 * per charge, as Chargebee requires them) of `customer_id`, in the customer's currency. It is
 * issued at once, applying the customer's promotional credits (then refundable credits and excess
 * payments), unless `create_pending_invoice` (then `pending`, credits not yet applied).
 */
function createChargesInvoice(params: ChargebeeParams, site: ChargebeeSite): EmulatorResponse {
  const customerId = params.customer_id as string | undefined;
  if (customerId === undefined) return chargebeeParamError('customer_id', 'cannot be blank');
  const customer = site.state.customers.find(customerId);
  if (!customer) return chargebeeNotFound('customer', customerId);
  const currency = params.currency_code as string | undefined;
  if (currency !== undefined && currency.toLowerCase() !== customer.currency) {
    return chargebeeEmulatorUnsupported('currency_code');
  }
  // `off` is what the emulator does anyway (it never charges a payment source); `on` would charge one.
  if (params.auto_collection === 'on') return chargebeeEmulatorUnsupported('auto_collection');
  const charges = (params.charges ?? {}) as {
    amount?: (number | undefined)[];
    description?: (string | undefined)[];
  };
  const amounts = charges.amount ?? [];
  const descriptions = charges.description ?? [];
  if (amounts.length === 0) return chargebeeParamError('charges[amount][0]', 'cannot be blank');
  const lines: { amount: number; description: string }[] = [];
  for (let index = 0; index < Math.max(amounts.length, descriptions.length); index++) {
    const amount = amounts[index];
    const description = descriptions[index];
    if (amount === undefined) return chargebeeParamError(`charges[amount][${index}]`, 'cannot be blank');
    if (description === undefined) {
      return chargebeeParamError(`charges[description][${index}]`, 'cannot be blank');
    }
    lines.push({ amount, description });
  }
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  if (!Number.isSafeInteger(total))
    return chargebeeParamError('charges[amount][0]', 'the total is too large');
  const draft = site.state.invoices.createDraft({ customerId, lines });
  const invoice = params.create_pending_invoice === true ? draft : site.state.invoices.finalize(draft.id);
  return json(200, { invoice: chargebeeInvoiceOf(site.state, invoice) });
}

const CHARGES_PARAMS = [
  'customer_id',
  'currency_code',
  'auto_collection',
  'charges.amount',
  'charges.description',
];

/** Chargebee's words for a refused void, by the first blocker (its 409 `invalid_state_for_request`). */
const voidRefusals: Record<VoidBlocker, string> = {
  already_void: 'The invoice is already voided.',
  paid: 'The invoice is in paid state and cannot be voided.',
  draft: 'The invoice is in pending state and cannot be voided; close or delete it instead.',
  has_payments: 'The invoice has payments applied and cannot be voided; remove the payments first.',
  has_adjustments: 'The invoice has adjustment credit notes and cannot be voided.',
  has_refunded_credits: 'The invoice has refunded credits and cannot be voided.',
  has_taxes_withheld: 'The invoice has taxes withheld and cannot be voided.',
};

/** The invoices routes: both creates, retrieve, list, record payment, void. */
export const chargebeeInvoiceRoutes = [
  defineChargebeeRoute({
    operation: 'POST /api/v2/invoices/create_for_charge_items_and_charges',
    mutates: true,
    modelled: [...CHARGES_PARAMS, 'create_pending_invoice'],
    handle: createChargesInvoice,
  }),
  defineChargebeeRoute({
    operation: 'POST /api/v2/invoices',
    mutates: true,
    modelled: CHARGES_PARAMS,
    handle: createChargesInvoice,
  }),
  defineChargebeeRoute({
    operation: 'GET /api/v2/invoices/{id}',
    mutates: false,
    modelled: [],
    resource: 'invoice',
    handle: (_params, site, request) =>
      json(200, { invoice: chargebeeInvoiceOf(site.state, site.state.invoices.get(request.params.id!)) }),
  }),
  defineChargebeeRoute({
    operation: 'GET /api/v2/invoices',
    mutates: false,
    modelled: ['limit', 'offset', 'customer_id.is', 'subscription_id.is'],
    resource: 'invoice',
    handle(params, site) {
      const request = chargebeePageRequest(params);
      if ('status' in request) return request;
      const customerId = filterIs(params, 'customer_id');
      const subscriptionId = filterIs(params, 'subscription_id');
      if (request.startingAfter !== undefined && !site.state.invoices.find(request.startingAfter)) {
        return chargebeeParamError('offset', 'invalid value');
      }
      const page = site.state.invoices.list({
        ...request,
        ...(customerId !== undefined ? { customerId } : {}),
        ...(subscriptionId !== undefined ? { subscriptionId } : {}),
      });
      return chargebeeListResponse('invoice', page, (record) => chargebeeInvoiceOf(site.state, record));
    },
  }),
  defineChargebeeRoute({
    operation: 'POST /api/v2/invoices/{id}/record_payment',
    mutates: true,
    modelled: ['transaction.amount', 'transaction.payment_method', 'transaction.status', 'transaction.date'],
    resource: 'invoice',
    handle(params, site, request) {
      const transaction = params.transaction as
        | { amount?: number; payment_method: string; status?: string; date?: number }
        | undefined;
      if (!transaction) return chargebeeParamError('transaction[payment_method]', 'cannot be blank');
      if (transaction.status !== undefined && transaction.status !== 'success') {
        return chargebeeEmulatorUnsupported('transaction[status]');
      }
      // The transaction's date as given (the invoice's paid_at stays the clock's).
      const dated = recordedTransactionDate(site, transaction.date);
      if ('refusal' in dated) return dated.refusal;
      const before = site.state.invoices.get(request.params.id!);
      if (before.status !== 'open' && before.status !== 'uncollectible') {
        return chargebeeInvalidState(
          `The invoice is in ${site.state.flavor.statusWords[before.status]} state; a payment can be recorded only for an unpaid invoice.`,
        );
      }
      const due = amountDue(before);
      const amount = transaction.amount ?? due;
      if (amount < 1) return chargebeeParamError('transaction[amount]', 'should be at least 1');
      const { at } = dated;
      // What exceeds the amount due goes to the customer's excess payments (Chargebee's "Record an
      // invoice payment": "If the recorded payment exceeds the invoice's amount_due, the excess is
      // added to the customer's excess_payments balance"); it was refused until 2026-12-07.
      const excess = Math.max(0, amount - due);
      const invoice = site.state.invoices.pay(before.id, {
        amount: amount - excess,
        at: new Date(at * 1000).toISOString(),
        ...(excess > 0 ? { received: amount } : {}),
      });
      if (excess > 0) {
        site.state.customers.adjustBalance(invoice.customerId, excess, {
          bucket: 'excess',
          description: `excess of a payment recorded for ${invoice.id}`,
        });
      }
      const rendered = chargebeeInvoiceOf(site.state, invoice);
      // This payment is the invoice's last linked payment.
      const { txn_id } = (rendered.linked_payments as { txn_id: string }[]).at(-1)!;
      return json(200, {
        invoice: rendered,
        transaction: renderRecordedTransaction({
          id: txn_id,
          customerId: invoice.customerId,
          date: at,
          amount,
          ...(excess > 0 ? { unused: excess } : {}),
          paymentMethod: transaction.payment_method,
          currency: invoice.currency,
        }),
      });
    },
  }),
  defineChargebeeRoute({
    operation: 'POST /api/v2/invoices/{id}/void',
    mutates: true,
    modelled: ['comment', 'void_reason_code'],
    resource: 'invoice',
    handle(params, site, request) {
      const id = request.params.id!;
      const blockers = site.state.invoices.voidBlockers(id);
      if (blockers.length > 0) return chargebeeInvalidState(voidRefusals[blockers[0]!]);
      // Chargebee adds applied promotional credits back to the customer on every void (DESIGN §3.1).
      const outcome = site.state.invoices.void(id, {
        consume: false,
        ...(params.void_reason_code !== undefined ? { reasonCode: params.void_reason_code as string } : {}),
        ...(params.comment !== undefined ? { comment: params.comment as string } : {}),
      });
      return json(200, {
        invoice: chargebeeInvoiceOf(site.state, outcome.invoice),
        ...(outcome.creditNote ? { credit_note: chargebeeCreditNoteOf(site.state, outcome.creditNote) } : {}),
      });
    },
  }),
];
