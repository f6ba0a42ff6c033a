import { stripeInvoiceLineId } from '@billbridge/memory';
import { json } from '../../http/emulator-exchange.js';
import { invoiceExtrasOf, isLegacyStripeVersion, type StripeCreditNoteExtras } from '../stripe-account.js';
import { stripeError } from '../stripe-error.js';
import { stripeCreditNoteOf } from '../stripe-render.js';
import {
  integerParam,
  listAnswer,
  metadataParam,
  type StripeCall,
  stripeRoute,
  textParam,
} from '../stripe-route.js';

const lineParams = {
  type: true,
  invoice_line_item: true,
  quantity: true,
  amount: true,
  unit_amount: true,
  description: true,
} as const;

type Lines = StripeCreditNoteExtras['lines'];

/** The fields of a line Stripe takes for one type only (stripe-node's CreditNoteCreateParams.Line). */
const onlyForType = {
  amount: 'invoice_line_item',
  invoice_line_item: 'invoice_line_item',
  unit_amount: 'custom_line_item',
  description: 'custom_line_item',
} as const;

/** Every invoice line here is one unit (the quantity its invoice renders). */
const INVOICE_LINE_QUANTITY = 1;

/** What the invoice's credit notes that are not void credited so far, per invoice line. */
function creditedPerLine(call: StripeCall, invoiceId: string): Map<string, number> {
  const credited = new Map<string, number>();
  for (const note of call.account.state.creditNotes.listForInvoice(invoiceId)) {
    if (note.status === 'void') continue;
    for (const line of call.account.creditNotes.get(note.id)?.lines ?? [])
      if (line.invoiceLineItem !== null)
        credited.set(line.invoiceLineItem, (credited.get(line.invoiceLineItem) ?? 0) + line.amount);
  }
  return credited;
}

/**
 * The credit note's lines from `lines[]`, or a Stripe 400 naming the field of the line that is
 * wrong (`lines[1][quantity]`): a field its type does not take, a quantity over the invoice
 * line's, or more credit on an invoice line than is left of it after the notes before.
 */
function linesOf(
  call: StripeCall,
  invoiceId: string,
  given: Record<string, unknown>[],
): Lines | ReturnType<typeof stripeError> {
  const invoice = call.account.state.invoices.get(invoiceId);
  const credited = creditedPerLine(call, invoiceId);
  const lines: Lines = [];
  for (const [index, line] of given.entries()) {
    const refuse = (field: string, message: string, code?: string) =>
      stripeError(
        400,
        {
          type: 'invalid_request_error',
          param: `lines[${index}][${field}]`,
          message,
          ...(code ? { code } : {}),
        },
        { notSaved: true },
      );
    for (const [field, type] of Object.entries(onlyForType))
      if (line[field] !== undefined && line.type !== type)
        return refuse(field, `Invalid ${field}: it is only valid when the line's type is ${type}.`);
    const quantity = integerParam(line, 'quantity') ?? 1;
    if (quantity < 1) return refuse('quantity', 'Invalid quantity: must be at least 1');
    if (line.type === 'invoice_line_item') {
      if (line.invoice_line_item === undefined)
        return refuse('invoice_line_item', 'Missing required param: invoice_line_item.', 'parameter_missing');
      const lineId = String(line.invoice_line_item);
      const position = invoice.lines.findIndex((_, at) => stripeInvoiceLineId(invoice, at) === lineId);
      const source = invoice.lines[position];
      if (!source)
        return refuse('invoice_line_item', `No such invoice line item on ${invoice.id}: '${lineId}'`);
      if (quantity > INVOICE_LINE_QUANTITY)
        return refuse(
          'quantity',
          `Invalid quantity: invoice line ${lineId} has a quantity of ${INVOICE_LINE_QUANTITY}; ${quantity} cannot be credited.`,
        );
      const asked = integerParam(line, 'amount');
      if (asked !== undefined && asked < 0) return refuse('amount', 'Invalid amount: must be at least 0');
      const amount = asked ?? source.amount * quantity;
      const before = credited.get(lineId) ?? 0;
      const left = source.amount - before;
      if (amount > left)
        return refuse(
          asked !== undefined ? 'amount' : 'quantity',
          `The credit of ${amount} on invoice line ${lineId} is more than the ${left} of its ${source.amount} left to credit.`,
        );
      credited.set(lineId, before + amount);
      lines.push({
        type: 'invoice_line_item',
        amount,
        unitAmount: Math.round(amount / quantity),
        quantity,
        description: source.description,
        invoiceLineItem: lineId,
      });
    } else {
      const unitAmount = integerParam(line, 'unit_amount');
      if (unitAmount === undefined)
        return refuse('unit_amount', 'Missing required param: unit_amount.', 'parameter_missing');
      // A custom line adds credit; a negative one would offset another line's (until 2026-12-07).
      if (unitAmount < 0) return refuse('unit_amount', 'Invalid unit_amount: must be at least 0');
      lines.push({
        type: 'custom_line_item',
        amount: unitAmount * quantity,
        unitAmount,
        quantity,
        description: textParam(line, 'description') ?? null,
        invoiceLineItem: null,
      });
    }
  }
  return lines;
}

/** `/v1/credit_notes`: create by `amount` or by `lines` (today's versions), retrieve, list, void. */
export const creditNoteRoutes = [
  stripeRoute({
    method: 'POST',
    pattern: '/v1/credit_notes',
    resource: 'credit_note',
    supported: {
      invoice: true,
      amount: true,
      lines: [lineParams],
      reason: true,
      memo: true,
      metadata: true,
      credit_amount: true,
      refund_amount: true,
      out_of_band_amount: true,
    },
    handle(call) {
      const { state } = call.account;
      const invoiceId = String(call.params.invoice);
      let amount = integerParam(call.params, 'amount');
      const given = Array.isArray(call.params.lines) ? (call.params.lines as Record<string, unknown>[]) : [];
      // Stripe needs one of amount, lines and shipping_cost (not modelled here); the parts
      // (credit_amount, refund_amount, out_of_band_amount) only say where the amount goes.
      if (amount === undefined && given.length === 0)
        return stripeError(
          400,
          {
            type: 'invalid_request_error',
            code: 'parameter_missing',
            message:
              'Missing required param: one of amount, lines or shipping_cost must be provided (the billbridge emulator models amount and lines).',
          },
          { notSaved: true },
        );
      state.invoices.get(invoiceId);
      let lines: Lines | undefined;
      if (given.length > 0) {
        const made = linesOf(call, invoiceId, given);
        if (!Array.isArray(made)) return made;
        lines = made;
        const sum = made.reduce((total, line) => total + line.amount, 0);
        if (amount !== undefined && amount !== sum)
          return stripeError(
            400,
            {
              type: 'invalid_request_error',
              param: 'amount',
              message: `The amount (${amount}) does not match the sum of the lines (${sum}).`,
            },
            { notSaved: true },
          );
        amount = sum;
      }
      const reason = textParam(call.params, 'reason') ?? undefined;
      const memo = textParam(call.params, 'memo') ?? undefined;
      const creditAmount = integerParam(call.params, 'credit_amount');
      const refundAmount = integerParam(call.params, 'refund_amount');
      const outOfBandAmount = integerParam(call.params, 'out_of_band_amount');
      // Each part settles some of the note: none is negative (a negative part let another part
      // credit more than the note; until 2026-12-07 the sum alone was checked).
      for (const [param, value] of [
        ['credit_amount', creditAmount],
        ['refund_amount', refundAmount],
        ['out_of_band_amount', outOfBandAmount],
      ] as const) {
        if (value !== undefined && value < 0) {
          return stripeError(
            400,
            {
              type: 'invalid_request_error',
              code: 'parameter_invalid_integer',
              param,
              message: 'This value must be greater than or equal to 0.',
            },
            { notSaved: true },
          );
        }
      }
      if (
        refundAmount !== undefined &&
        refundAmount > 0 &&
        invoiceExtrasOf(call.account, invoiceId).paidOutOfBand
      ) {
        // Stripe refunds "the charge associated with the invoice" (stripe-node's CreditNoteCreateParams);
        // one paid out of band has none. The emulator settles every invoice that way.
        return stripeError(400, {
          type: 'invalid_request_error',
          param: 'refund_amount',
          message: `Invoice ${invoiceId} was paid out of band, so it has no charge to refund. Use out_of_band_amount or credit_amount instead.`,
        });
      }
      const note = state.creditNotes.create(
        {
          invoiceId,
          ...(amount !== undefined ? { amount } : {}),
          ...(reason ? { reason: reason as never } : {}),
          ...(memo ? { memo } : {}),
          ...(creditAmount !== undefined ? { creditAmount } : {}),
          ...(refundAmount !== undefined ? { refundAmount } : {}),
          ...(outOfBandAmount !== undefined ? { outOfBandAmount } : {}),
        },
        // Mixed notes (part lowers what is due, part settled) from basil on, by the request's
        // version, not the account's: before, a note on an unpaid invoice only lowers what is due.
        !isLegacyStripeVersion(call.apiVersion),
      );
      call.account.creditNotes.set(note.id, {
        metadata: metadataParam(call.params) ?? {},
        lines: lines ?? [],
      });
      if (!lines) call.account.creditNotes.get(note.id)!.lines = [];
      return json(200, stripeCreditNoteOf(call.account, note, call.apiVersion));
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/credit_notes/:id',
    resource: 'credit_note',
    supported: {},
    handle: (call) =>
      json(
        200,
        stripeCreditNoteOf(call.account, call.account.state.creditNotes.get(call.ids.id!), call.apiVersion),
      ),
  }),
  stripeRoute({
    method: 'POST',
    pattern: '/v1/credit_notes/:id/void',
    resource: 'credit_note',
    supported: {},
    handle: (call) =>
      json(
        200,
        stripeCreditNoteOf(call.account, call.account.state.creditNotes.void(call.ids.id!), call.apiVersion),
      ),
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/credit_notes',
    resource: 'credit_note',
    supported: { invoice: true, customer: true, limit: true, starting_after: true, ending_before: true },
    handle(call) {
      const invoiceId = textParam(call.params, 'invoice') ?? undefined;
      const customerId = textParam(call.params, 'customer') ?? undefined;
      return listAnswer(
        call,
        '/v1/credit_notes',
        (page) =>
          call.account.state.creditNotes.list({
            ...page,
            ...(invoiceId ? { invoiceId } : {}),
            ...(customerId ? { customerId } : {}),
          }),
        (note) => stripeCreditNoteOf(call.account, note, call.apiVersion),
      );
    },
  }),
];
