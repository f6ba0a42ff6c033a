import { stripeInvoiceLineId } from '@billbridge/memory';
import { json } from '../../http/emulator-exchange.js';
import { invoiceExtrasOf, type StripeCreditNoteExtras } from '../stripe-account.js';
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

/** The credit note's lines from `lines[]`, or a Stripe 400 naming the line that is wrong. */
function linesOf(call: StripeCall, invoiceId: string): Lines | ReturnType<typeof stripeError> {
  const given = call.params.lines as Record<string, unknown>[];
  const invoice = call.account.state.invoices.get(invoiceId);
  const lines: Lines = [];
  for (const [index, line] of given.entries()) {
    const quantity = integerParam(line, 'quantity') ?? 1;
    const refuse = (message: string) =>
      stripeError(
        400,
        { type: 'invalid_request_error', param: `lines[${index}]`, message },
        { notSaved: true },
      );
    if (quantity < 1) return refuse('Invalid quantity: must be at least 1');
    if (line.type === 'invoice_line_item') {
      const position = invoice.lines.findIndex(
        (_, at) => stripeInvoiceLineId(invoice, at) === line.invoice_line_item,
      );
      const source = invoice.lines[position];
      if (!source)
        return refuse(`No such invoice line item on ${invoice.id}: '${String(line.invoice_line_item)}'`);
      const amount = integerParam(line, 'amount') ?? source.amount * quantity;
      lines.push({
        type: 'invoice_line_item',
        amount,
        unitAmount: Math.round(amount / quantity),
        quantity,
        description: source.description,
        invoiceLineItem: stripeInvoiceLineId(invoice, position),
      });
    } else {
      const unitAmount = integerParam(line, 'unit_amount');
      if (unitAmount === undefined) return refuse('Missing required param: unit_amount.');
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
      state.invoices.get(invoiceId);
      let amount = integerParam(call.params, 'amount');
      let lines: Lines | undefined;
      if (call.params.lines !== undefined) {
        const made = linesOf(call, invoiceId);
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
      const note = state.creditNotes.create({
        invoiceId,
        ...(amount !== undefined ? { amount } : {}),
        ...(reason ? { reason: reason as never } : {}),
        ...(memo ? { memo } : {}),
        ...(creditAmount !== undefined ? { creditAmount } : {}),
        ...(refundAmount !== undefined ? { refundAmount } : {}),
        ...(outOfBandAmount !== undefined ? { outOfBandAmount } : {}),
      });
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
