import { renderStripeInvoiceItem } from '@billbridge/memory';
import { json } from '../../http/emulator-exchange.js';
import { renderStripeDeleted } from '../render-stripe-deleted.js';
import { integerParam, listAnswer, metadataParam, stripeRoute, textParam } from '../stripe-route.js';

/** `/v1/invoiceitems`: pending items for the customer's next invoice, or lines of a draft (`invoice`). */
export const invoiceItemRoutes = [
  stripeRoute({
    method: 'POST',
    pattern: '/v1/invoiceitems',
    resource: 'invoiceitem',
    supported: {
      customer: true,
      amount: true,
      currency: true,
      description: true,
      metadata: true,
      invoice: true,
    },
    handle(call) {
      const { state } = call.account;
      const customerId = String(call.params.customer ?? '');
      const currency = textParam(call.params, 'currency')?.toLowerCase();
      const customer = state.customers.get(customerId);
      if (currency !== undefined && currency !== customer.currency && customer.ledger.length === 0)
        state.customers.update(customerId, { currency });
      const description = textParam(call.params, 'description');
      const metadata = metadataParam(call.params);
      const invoiceId = textParam(call.params, 'invoice');
      const item = state.invoiceItems.create({
        customerId,
        amount: integerParam(call.params, 'amount') ?? 0,
        ...(currency !== undefined ? { currency } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(metadata ? { metadata } : {}),
        ...(invoiceId ? { invoiceId } : {}),
      });
      return json(200, renderStripeInvoiceItem(item, call.apiVersion));
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/invoiceitems/:id',
    resource: 'invoiceitem',
    supported: {},
    handle: (call) =>
      json(200, renderStripeInvoiceItem(call.account.state.invoiceItems.get(call.ids.id!), call.apiVersion)),
  }),
  stripeRoute({
    method: 'POST',
    pattern: '/v1/invoiceitems/:id',
    resource: 'invoiceitem',
    supported: { amount: true, description: true, metadata: true },
    handle(call) {
      const amount = integerParam(call.params, 'amount');
      const description = textParam(call.params, 'description');
      const metadata = metadataParam(call.params);
      const item = call.account.state.invoiceItems.update(call.ids.id!, {
        ...(amount !== undefined ? { amount } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(metadata !== undefined ? { metadata } : {}),
      });
      return json(200, renderStripeInvoiceItem(item, call.apiVersion));
    },
  }),
  stripeRoute({
    method: 'DELETE',
    pattern: '/v1/invoiceitems/:id',
    resource: 'invoiceitem',
    supported: {},
    handle(call) {
      call.account.state.invoiceItems.delete(call.ids.id!);
      return json(200, renderStripeDeleted('invoiceitem', call.ids.id!));
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/invoiceitems',
    resource: 'invoiceitem',
    supported: {
      customer: true,
      invoice: true,
      pending: true,
      limit: true,
      starting_after: true,
      ending_before: true,
    },
    handle(call) {
      const customerId = textParam(call.params, 'customer') ?? undefined;
      const invoiceId = textParam(call.params, 'invoice') ?? undefined;
      const pending = call.params.pending === undefined ? undefined : call.params.pending === 'true';
      return listAnswer(
        call,
        '/v1/invoiceitems',
        (page) =>
          call.account.state.invoiceItems.list({
            ...page,
            ...(customerId ? { customerId } : {}),
            ...(invoiceId ? { invoiceId } : {}),
            ...(pending !== undefined ? { pending } : {}),
          }),
        (item) => renderStripeInvoiceItem(item, call.apiVersion),
      );
    },
  }),
];
