import { type CreditNoteReason, isBillingError } from '@billbridge/core';
import { amountCreditable } from '@billbridge/memory';
import { json } from '../../http/emulator-exchange.js';
import {
  chargebeeEmulatorUnsupported,
  chargebeeInvalidState,
  chargebeeNotFound,
  chargebeeParamError,
} from '../chargebee-error.js';
import { chargebeeListResponse, chargebeePageRequest, filterIs } from '../chargebee-list-page.js';
import { chargebeeCreditNoteOf } from '../chargebee-render.js';
import { defineChargebeeRoute } from '../define-chargebee-route.js';

/** The credit notes routes: create, retrieve, list, void. */
export const chargebeeCreditNoteRoutes = [
  defineChargebeeRoute({
    operation: 'POST /api/v2/credit_notes',
    mutates: true,
    modelled: ['reference_invoice_id', 'total', 'type', 'reason_code', 'create_reason_code', 'comment'],
    resource: 'invoice',
    /**
     * `type: adjustment` lowers what an unpaid invoice owes; `type: refundable` on a paid or partly
     * paid invoice gives the customer refundable credits, up to what was paid and not yet credited
     * (the state refuses more). `store` credit notes are not modelled. `total` is required
     * (line-item credit notes are not modelled).
     */
    handle(params, site) {
      const invoiceId = params.reference_invoice_id as string | undefined;
      if (invoiceId === undefined) return chargebeeParamError('reference_invoice_id', 'cannot be blank');
      if (params.type === 'store') return chargebeeEmulatorUnsupported('type');
      const total = params.total as number | undefined;
      if (total === undefined) return chargebeeParamError('total', 'cannot be blank');
      const invoice = site.state.invoices.find(invoiceId);
      if (!invoice) return chargebeeNotFound('invoice', invoiceId);
      const word = site.state.flavor.statusWords[invoice.status];
      if (invoice.status === 'draft' || invoice.status === 'void') {
        return chargebeeInvalidState(`A credit note cannot be created for an invoice in ${word} state.`);
      }
      const paid = invoice.status === 'paid';
      if (params.type === 'adjustment' && paid) {
        return chargebeeInvalidState('An adjustment credit note can be created only for an unpaid invoice.');
      }
      const refundable = params.type === 'refundable';
      const creditable = amountCreditable(invoice, site.state.flavor);
      if (total < 1 || (!refundable && total > creditable)) {
        return chargebeeParamError('total', `should be between 1 and the ${creditable} left to credit`);
      }
      const create = () =>
        site.state.creditNotes.create({
          invoiceId,
          ...(refundable ? { amount: total, creditAmount: total } : { amount: total }),
          // Chargebee's reason codes are kept as the note's reason, as given.
          ...(params.reason_code !== undefined ? { reason: params.reason_code as CreditNoteReason } : {}),
          ...(params.create_reason_code !== undefined
            ? { reasonCode: params.create_reason_code as string }
            : {}),
          ...(params.comment !== undefined ? { memo: params.comment as string } : {}),
        });
      let note: ReturnType<typeof create>;
      try {
        note = create();
      } catch (error) {
        // A refundable note over what was paid is refused by the state (which knows what paid
        // it): as an adjustment's, a refusal of `total`, not kept under the idempotency key. It
        // was a plain `invalid_request` without `param`, replayed after a later payment made
        // room (until 2026-12-07).
        if (refundable && isBillingError(error) && error.status === 400) {
          return chargebeeParamError('total', error.message);
        }
        throw error;
      }
      return json(200, { credit_note: chargebeeCreditNoteOf(site.state, note) });
    },
  }),
  defineChargebeeRoute({
    operation: 'GET /api/v2/credit_notes/{id}',
    mutates: false,
    modelled: [],
    resource: 'credit_note',
    handle: (_params, site, request) =>
      json(200, {
        credit_note: chargebeeCreditNoteOf(site.state, site.state.creditNotes.get(request.params.id!)),
      }),
  }),
  defineChargebeeRoute({
    operation: 'GET /api/v2/credit_notes',
    mutates: false,
    modelled: ['limit', 'offset', 'reference_invoice_id.is', 'customer_id.is'],
    handle(params, site) {
      const request = chargebeePageRequest(params);
      if ('status' in request) return request;
      if (request.startingAfter !== undefined && !site.state.creditNotes.find(request.startingAfter)) {
        return chargebeeParamError('offset', 'invalid value');
      }
      const invoiceId = filterIs(params, 'reference_invoice_id');
      const customerId = filterIs(params, 'customer_id');
      const page = site.state.creditNotes.list({
        ...request,
        ...(invoiceId !== undefined ? { invoiceId } : {}),
        ...(customerId !== undefined ? { customerId } : {}),
      });
      return chargebeeListResponse('credit_note', page, (note) => chargebeeCreditNoteOf(site.state, note));
    },
  }),
  defineChargebeeRoute({
    operation: 'POST /api/v2/credit_notes/{id}/void',
    mutates: true,
    // `comment`: "an internal comment … displayed on the Chargebee UI" (Chargebee's API reference,
    // credit notes, void): no API answer shows it, so taking it changes nothing an SDK can see.
    modelled: ['comment'],
    resource: 'credit_note',
    handle(_params, site, request) {
      const note = site.state.creditNotes.get(request.params.id!);
      if (note.status === 'void') return chargebeeInvalidState('The credit note is already voided.');
      const invoice = site.state.invoices.get(note.invoiceId);
      if (invoice.status === 'void') {
        return chargebeeInvalidState('The credit note belongs to a voided invoice and cannot be voided.');
      }
      try {
        const voided = site.state.creditNotes.void(note.id);
        return json(200, { credit_note: chargebeeCreditNoteOf(site.state, voided) });
      } catch (error) {
        // The credit was spent or refunded: a state the note cannot be voided in.
        if (isBillingError(error)) return chargebeeInvalidState(error.message);
        throw error;
      }
    },
  }),
];
