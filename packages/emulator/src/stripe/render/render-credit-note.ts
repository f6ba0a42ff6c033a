import type { CreditNoteRecord } from '@billbridge/memory';
import { isLegacyStripeVersion, type StripeAccount, unixSeconds } from '../stripe-account.js';
import { renderList } from './render-list.js';

/**
 * A credit note in the requested version's shape. `type` is `pre_payment` for an adjustment of an
 * unpaid invoice, `post_payment` otherwise. Its lines are those of `lines` when it was made so,
 * else one custom line of its total.
 */
export function renderCreditNote(
  account: StripeAccount,
  note: Readonly<CreditNoteRecord>,
  apiVersion: string,
) {
  const extras = account.creditNotes.get(note.id);
  const created = unixSeconds(note.createdAt) ?? 0;
  const prePayment = note.kind === 'adjustment';
  const common = {
    id: note.id,
    object: 'credit_note',
    amount: note.total,
    created,
    currency: note.currency,
    customer: note.customerId,
    customer_balance_transaction: null as string | null,
    invoice: note.invoiceId,
    livemode: false,
    memo: note.memo,
    metadata: { ...extras?.metadata },
    number: `${note.invoiceId.slice(3, 11).toUpperCase()}-CN-${note.id.slice(-2)}`,
    pdf: `https://pay.stripe.com/credit_notes/${account.id}/test_${note.id}/pdf`,
    reason: note.reason,
    status: note.status === 'void' ? 'void' : 'issued',
    type: prePayment ? 'pre_payment' : 'post_payment',
    voided_at: unixSeconds(note.voidedAt),
  };
  const entry =
    note.creditAmount > 0
      ? account.state.customers
          .ledger(note.customerId)
          .find((candidate) => candidate.creditNoteId === note.id)
      : undefined;
  if (entry) common.customer_balance_transaction = `cbtx_${entry.id}`;
  if (isLegacyStripeVersion(apiVersion)) return { ...common, refund: null };
  const given = extras?.lines.length ? extras.lines : undefined;
  const lines = (
    given ?? [
      {
        type: 'custom_line_item' as const,
        amount: note.total,
        unitAmount: note.total,
        quantity: 1,
        description: note.memo ?? 'Credit',
        invoiceLineItem: null,
      },
    ]
  ).map((line, index) => ({
    id: `cnli_${note.id.slice(3)}${String(index + 1).padStart(4, '0')}`,
    object: 'credit_note_line_item',
    amount: line.amount,
    description: line.description,
    discount_amount: 0,
    discount_amounts: [],
    ...(line.invoiceLineItem ? { invoice_line_item: line.invoiceLineItem } : {}),
    livemode: false,
    metadata: {},
    pretax_credit_amounts: [],
    quantity: line.quantity,
    tax_rates: [],
    taxes: [],
    type: line.type,
    unit_amount: line.unitAmount,
    unit_amount_decimal: String(line.unitAmount),
  }));
  return {
    ...common,
    amount_shipping: 0,
    customer_account: null,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: created,
    lines: renderList(`/v1/credit_notes/${note.id}/lines`, lines, false),
    out_of_band_amount: note.outOfBandAmount > 0 ? note.outOfBandAmount : null,
    post_payment_amount: prePayment ? 0 : note.total,
    pre_payment_amount: prePayment ? note.total : 0,
    pretax_credit_amounts: [],
    refunds: [],
    shipping_cost: null,
    subtotal: note.total,
    subtotal_excluding_tax: note.total,
    total: note.total,
    total_excluding_tax: note.total,
    total_taxes: [],
  };
}
