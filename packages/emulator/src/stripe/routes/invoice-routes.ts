import { isBillingError } from '@billbridge/core';
import type { ListPage, ListPageOptions } from '@billbridge/memory';
import { json } from '../../http/emulator-exchange.js';
import { renderStripeDeleted } from '../render-stripe-deleted.js';
import { invoiceExtrasOf, isLegacyStripeVersion, type StripeAccount } from '../stripe-account.js';
import { stripeError, stripeMissingParameter } from '../stripe-error.js';
import { stripeInvoiceOf } from '../stripe-render.js';
import {
  expandOf,
  integerParam,
  listAnswer,
  metadataParam,
  type StripeCall,
  stripeRoute,
  textParam,
} from '../stripe-route.js';

const render = (call: StripeCall, id: string) =>
  json(
    200,
    stripeInvoiceOf(
      call.account,
      call.account.state.invoices.get(id),
      call.apiVersion,
      expandOf(call.params),
    ),
  );

/** Finalizes a draft as Stripe does: credit applied, `starting_balance` kept, a number given. */
function finalize(account: StripeAccount, invoiceId: string): void {
  const { state } = account;
  const invoice = state.invoices.get(invoiceId);
  const extras = invoiceExtrasOf(account, invoiceId);
  const customer = state.customers.get(invoice.customerId);
  extras.startingBalance = invoice.currency === customer.currency ? -customer.balances.promotional : 0;
  state.invoices.finalize(invoiceId);
  account.finalizedCount += 1;
  extras.number = `${customer.id.slice(4, 12).toUpperCase()}-${String(account.finalizedCount).padStart(4, '0')}`;
}

/**
 * One page of what `list` pages that `matches` accepts, filtered while paging as Stripe filters: the
 * page is full up to `limit` when that many match, and `hasMore` says whether more match beyond
 * it. (A filter applied to a page afterwards gives short or empty pages with `has_more: true`,
 * which stop stripe-node's auto-pagination.) Scans `list` from the cursor in pages of 100.
 */
function filteredPage<T extends { id: string }>(
  list: (page: ListPageOptions) => ListPage<T>,
  page: ListPageOptions,
  matches: (record: T) => boolean,
): ListPage<T> {
  const limit = page.limit ?? 10;
  const backwards = page.endingBefore !== undefined;
  const found: T[] = [];
  const answer = (hasMore: boolean) => ({ data: backwards ? found.reverse() : found, hasMore });
  let cursor = backwards ? page.endingBefore : page.startingAfter;
  for (;;) {
    const chunk = list({
      limit: 100,
      ...(cursor === undefined ? {} : backwards ? { endingBefore: cursor } : { startingAfter: cursor }),
    });
    // Nearest the cursor first, whichever way the page goes.
    const scanned = backwards ? [...chunk.data].reverse() : chunk.data;
    for (const record of scanned) {
      if (!matches(record)) continue;
      if (found.length === limit) return answer(true);
      found.push(record);
    }
    const last = scanned.at(-1);
    if (!chunk.hasMore || last === undefined) return answer(false);
    cursor = last.id;
  }
}

function booleanParam(call: StripeCall, name: string): boolean | undefined {
  const value = call.params[name];
  return value === undefined ? undefined : value === 'true';
}

/**
 * `/v1/invoices`: create (today's versions include pending invoice items only with
 * `pending_invoice_items_behavior=include`, as since 2022-08-01; 2019-11-05 always includes them and
 * refuses an invoice with nothing to bill), retrieve (`expand[]=customer`), update metadata, list,
 * finalize, pay (`paid_out_of_band`), mark_uncollectible, void (§3: the applied balance returned
 * on today's versions; consumed by default on 2019-11-05 unless `consume_applied_balance=false`),
 * delete a draft.
 */
export const invoiceRoutes = [
  stripeRoute({
    method: 'POST',
    pattern: '/v1/invoices',
    resource: 'invoice',
    supported: {
      customer: true,
      currency: true,
      description: true,
      metadata: true,
      collection_method: true,
      days_until_due: true,
      auto_advance: true,
      pending_invoice_items_behavior: true,
      subscription: true,
    },
    expandable: ['customer'],
    handle(call) {
      const { state } = call.account;
      const customerId = textParam(call.params, 'customer');
      if (!customerId) return stripeMissingParameter('customer');
      const customer = state.customers.get(customerId);
      const collectionMethod = textParam(call.params, 'collection_method') ?? 'charge_automatically';
      const daysUntilDue = integerParam(call.params, 'days_until_due');
      if (collectionMethod === 'send_invoice' && daysUntilDue === undefined)
        return stripeError(
          400,
          {
            type: 'invalid_request_error',
            param: 'days_until_due',
            message:
              'Invoices with `collection_method=send_invoice` must have a `days_until_due` or `due_date`.',
          },
          { notSaved: true },
        );
      const legacy = isLegacyStripeVersion(call.apiVersion);
      const include = legacy || call.params.pending_invoice_items_behavior === 'include';
      // Only the legacy versions refuse a customer with nothing pending (the list scans every item).
      if (legacy && state.invoiceItems.list({ customerId, pending: true, limit: 1 }).data.length === 0)
        return stripeError(400, {
          type: 'invalid_request_error',
          code: 'invoice_no_customer_line_items',
          message: `Nothing to invoice for customer ${customerId}.`,
        });
      const subscriptionId = textParam(call.params, 'subscription') ?? undefined;
      // Checked before anything changes (createDraft would refuse it after the currency moved).
      if (subscriptionId !== undefined) {
        const subscription = state.subscriptions.find(subscriptionId);
        // A parameter naming a missing object is a 400 at Stripe (a missing path object is the 404).
        if (!subscription)
          return stripeError(400, {
            type: 'invalid_request_error',
            code: 'resource_missing',
            param: 'subscription',
            message: `No such subscription: '${subscriptionId}'`,
          });
        if (subscription.customerId !== customer.id)
          return stripeError(400, {
            type: 'invalid_request_error',
            param: 'subscription',
            message: `The subscription ${subscriptionId} belongs to another customer than ${customer.id}.`,
          });
      }
      // As an invoice item does: a customer with nothing booked yet takes the invoice's currency;
      // otherwise the invoice keeps its own, and only a balance in that currency applies to it.
      const currency = textParam(call.params, 'currency')?.toLowerCase();
      if (currency !== undefined && currency !== customer.currency && customer.ledger.length === 0) {
        try {
          state.customers.update(customer.id, { currency });
        } catch (error) {
          // An invoice is booked in the customer's currency: the new one keeps its own (until
          // 2026-12-07 this refused the invoice with the state's "already has invoices" 400).
          if (!isBillingError(error)) throw error;
        }
      }
      const invoice = state.invoices.createDraft({
        customerId: customer.id,
        ...(currency !== undefined ? { currency } : {}),
        ...(subscriptionId ? { subscriptionId } : {}),
      });
      const metadata = metadataParam(call.params);
      if (metadata) state.invoices.updateMetadata(invoice.id, metadata);
      const extras = invoiceExtrasOf(call.account, invoice.id);
      extras.description = textParam(call.params, 'description') ?? null;
      extras.collectionMethod = collectionMethod as typeof extras.collectionMethod;
      extras.daysUntilDue = daysUntilDue ?? null;
      // Stripe's default: auto_advance true, except on 2019-11-05-era API-created invoices? Both default true.
      extras.autoAdvance = booleanParam(call, 'auto_advance') ?? true;
      if (include) state.invoiceItems.attachPending(invoice.id);
      return render(call, invoice.id);
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/invoices/:id',
    resource: 'invoice',
    supported: {},
    // The spec lists `lines` among the invoice's x-expandableFields; every invoice here carries all
    // of its lines already, so expanding them changes nothing.
    expandable: ['customer', 'lines'],
    handle: (call) => render(call, call.ids.id!),
  }),
  stripeRoute({
    method: 'POST',
    pattern: '/v1/invoices/:id',
    resource: 'invoice',
    supported: { metadata: true },
    expandable: ['customer'],
    handle(call) {
      const metadata = metadataParam(call.params);
      const id = call.ids.id!;
      if (metadata !== undefined) call.account.state.invoices.updateMetadata(id, metadata);
      else call.account.state.invoices.get(id);
      return render(call, id);
    },
  }),
  stripeRoute({
    method: 'DELETE',
    pattern: '/v1/invoices/:id',
    resource: 'invoice',
    supported: {},
    handle(call) {
      call.account.state.invoices.deleteDraft(call.ids.id!);
      call.account.invoices.delete(call.ids.id!);
      return json(200, renderStripeDeleted('invoice', call.ids.id!));
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/invoices',
    resource: 'invoice',
    supported: {
      customer: true,
      subscription: true,
      status: true,
      limit: true,
      starting_after: true,
      ending_before: true,
    },
    expandable: ['data.customer'],
    handle(call) {
      const customerId = textParam(call.params, 'customer') ?? undefined;
      const subscriptionId = textParam(call.params, 'subscription') ?? undefined;
      const status = textParam(call.params, 'status') ?? undefined;
      const expand = expandOf(call.params).includes('data.customer') ? ['customer'] : [];
      const list = (page: ListPageOptions) =>
        call.account.state.invoices.list({
          ...page,
          ...(customerId ? { customerId } : {}),
          ...(subscriptionId ? { subscriptionId } : {}),
        });
      return listAnswer(
        call,
        '/v1/invoices',
        (page) =>
          status === undefined
            ? list(page)
            : filteredPage(list, page, (invoice) => invoice.status === status),
        (invoice) => stripeInvoiceOf(call.account, invoice, call.apiVersion, expand),
      );
    },
  }),
  stripeRoute({
    method: 'POST',
    pattern: '/v1/invoices/:id/finalize',
    resource: 'invoice',
    supported: { auto_advance: true },
    expandable: ['customer'],
    handle(call) {
      const id = call.ids.id!;
      const invoice = call.account.state.invoices.get(id);
      if (invoice.status !== 'draft')
        return stripeError(400, {
          type: 'invalid_request_error',
          code: 'invoice_not_editable',
          message: `This invoice is already finalized, you can't re-finalize a non-draft invoice.`,
        });
      const autoAdvance = booleanParam(call, 'auto_advance');
      if (autoAdvance !== undefined) invoiceExtrasOf(call.account, id).autoAdvance = autoAdvance;
      finalize(call.account, id);
      return render(call, id);
    },
  }),
  stripeRoute({
    method: 'POST',
    pattern: '/v1/invoices/:id/pay',
    resource: 'invoice',
    supported: { paid_out_of_band: true },
    expandable: ['customer'],
    handle(call) {
      const { state } = call.account;
      const id = call.ids.id!;
      const invoice = state.invoices.get(id);
      if (invoice.status === 'paid' || invoice.status === 'void')
        return stripeError(400, {
          type: 'invalid_request_error',
          code: 'invoice_not_editable',
          message: `Invoice is already ${invoice.status}`,
        });
      const outOfBand = booleanParam(call, 'paid_out_of_band') === true;
      if (!outOfBand)
        return stripeError(400, {
          type: 'invalid_request_error',
          code: 'invoice_no_payment_method_types',
          message:
            'This customer has no attached payment source or default payment method. The billbridge emulator settles invoices with paid_out_of_band=true only.',
        });
      // Stripe finalizes a draft before paying it.
      if (invoice.status === 'draft') finalize(call.account, id);
      if (state.invoices.get(id).status !== 'paid') state.invoices.pay(id);
      invoiceExtrasOf(call.account, id).paidOutOfBand = true;
      return render(call, id);
    },
  }),
  stripeRoute({
    method: 'POST',
    pattern: '/v1/invoices/:id/mark_uncollectible',
    resource: 'invoice',
    supported: {},
    expandable: ['customer'],
    handle(call) {
      call.account.state.invoices.markUncollectible(call.ids.id!);
      return render(call, call.ids.id!);
    },
  }),
  stripeRoute({
    method: 'POST',
    pattern: '/v1/invoices/:id/void',
    resource: 'invoice',
    supported: { consume_applied_balance: true },
    expandable: ['customer'],
    // Named only in the 2019-12-03 changelog, for the versions before it (DESIGN §3.1).
    extraParams: (apiVersion) => (isLegacyStripeVersion(apiVersion) ? ['consume_applied_balance'] : []),
    handle(call) {
      const raw = call.params.consume_applied_balance;
      if (raw !== undefined && raw !== 'true' && raw !== 'false')
        return stripeError(
          400,
          {
            type: 'invalid_request_error',
            param: 'consume_applied_balance',
            message: 'Invalid boolean: must be true or false',
          },
          { notSaved: true },
        );
      // Before 2019-12-03 a void consumed the applied balance unless told otherwise; since, it returns it.
      const consume = isLegacyStripeVersion(call.apiVersion) ? raw !== 'false' : false;
      call.account.state.invoices.void(call.ids.id!, { consume });
      return render(call, call.ids.id!);
    },
  }),
];
