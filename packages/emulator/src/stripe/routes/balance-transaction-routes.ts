import { listPage } from '@billbridge/memory';
import { json } from '../../http/emulator-exchange.js';
import {
  ledgerEntryIdOfStripe,
  renderStripeBalanceTransaction,
  stripeBalanceTransactionId,
} from '../render-stripe-balance-transaction.js';
import { stripeError, stripeNoSuch } from '../stripe-error.js';
import {
  integerParam,
  listAnswer,
  metadataParam,
  type StripeCall,
  stripeRoute,
  textParam,
} from '../stripe-route.js';

function entryOf(call: StripeCall) {
  const customer = call.account.state.customers.get(call.ids.customer!);
  const entryId = ledgerEntryIdOfStripe(call.ids.id!);
  const entry =
    entryId === undefined ? undefined : customer.ledger.find((candidate) => candidate.id === entryId);
  return { customer, entry };
}

/** `/v1/customers/:customer/balance_transactions`: the customer's ledger, with Stripe's sign. */
export const balanceTransactionRoutes = [
  stripeRoute({
    method: 'POST',
    pattern: '/v1/customers/:customer/balance_transactions',
    resource: 'customer',
    supported: { amount: true, currency: true, description: true, metadata: true },
    handle(call) {
      const { customers } = call.account.state;
      const id = call.ids.customer!;
      const customer = customers.get(id);
      const amount = integerParam(call.params, 'amount') ?? 0;
      // Checked before the currency changes, which adjustBalance's own refusal would come after.
      if (amount === 0 || !Number.isSafeInteger(customer.balances.promotional - amount))
        return stripeError(
          400,
          {
            type: 'invalid_request_error',
            param: 'amount',
            message:
              amount === 0
                ? 'Invalid amount: a balance transaction must change the balance (not 0).'
                : 'Invalid amount: the balance would not be a safe integer.',
          },
          { notSaved: true },
        );
      const currency = String(call.params.currency).toLowerCase();
      if (currency !== customer.currency) customers.update(id, { currency });
      const description = textParam(call.params, 'description') ?? undefined;
      // Stripe's amount is the change of its balance: negative gives the customer credit.
      let entry = customers.adjustBalance(id, -amount, description !== undefined ? { description } : {});
      const metadata = metadataParam(call.params);
      if (metadata) entry = customers.describeLedgerEntry(id, entry.id, { metadata });
      return json(200, renderStripeBalanceTransaction(customers.get(id), entry, call.apiVersion));
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/customers/:customer/balance_transactions/:id',
    resource: 'customer_balance_transaction',
    supported: {},
    handle(call) {
      const { customer, entry } = entryOf(call);
      if (!entry) return stripeNoSuch('customer balance transaction', call.ids.id!);
      return json(200, renderStripeBalanceTransaction(customer, entry, call.apiVersion));
    },
  }),
  stripeRoute({
    method: 'POST',
    pattern: '/v1/customers/:customer/balance_transactions/:id',
    resource: 'customer_balance_transaction',
    supported: { description: true, metadata: true },
    handle(call) {
      const { customer, entry } = entryOf(call);
      if (!entry) return stripeNoSuch('customer balance transaction', call.ids.id!);
      const description = textParam(call.params, 'description');
      const metadata = metadataParam(call.params);
      const described = call.account.state.customers.describeLedgerEntry(customer.id, entry.id, {
        ...(description !== undefined ? { description } : {}),
        ...(metadata !== undefined ? { metadata } : {}),
      });
      return json(200, renderStripeBalanceTransaction(customer, described, call.apiVersion));
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/customers/:customer/balance_transactions',
    resource: 'customer',
    supported: { limit: true, starting_after: true, ending_before: true },
    handle(call) {
      const customer = call.account.state.customers.get(call.ids.customer!);
      const entries = customer.ledger.filter((entry) => entry.bucket === 'promotional');
      const table = new Map(
        entries.map((entry) => [
          stripeBalanceTransactionId(entry),
          { ...entry, id: stripeBalanceTransactionId(entry) },
        ]),
      );
      return listAnswer(
        call,
        `/v1/customers/${customer.id}/balance_transactions`,
        (page) => listPage(table, 'customer balance transaction', page),
        (entry) =>
          renderStripeBalanceTransaction(customer, { ...entry, id: entry.id.slice(5) }, call.apiVersion),
      );
    },
  }),
];
