import { json } from '../../http/emulator-exchange.js';
import { isLegacyStripeVersion, type StripeAccount } from '../stripe-account.js';
import { stripeEmulatorUnsupported } from '../stripe-error.js';
import { stripeCustomerOf } from '../stripe-render.js';
import {
  integerParam,
  listAnswer,
  metadataParam,
  type StripeCall,
  stripeRoute,
  textParam,
} from '../stripe-route.js';

const details = { description: true, email: true, name: true, metadata: true, balance: true } as const;

/** Sets the customer's Stripe `balance` (negative = credit) by one adjustment of the difference. */
function setBalance(call: StripeCall, customerId: string, balance: number) {
  const { customers } = call.account.state;
  const credit = -balance;
  const delta = credit - customers.get(customerId).balances.promotional;
  if (delta !== 0) customers.adjustBalance(customerId, delta);
}

function patchOf(call: StripeCall) {
  const patch: Parameters<StripeAccount['state']['customers']['update']>[1] = {};
  const email = textParam(call.params, 'email');
  const name = textParam(call.params, 'name');
  const description = textParam(call.params, 'description');
  const metadata = metadataParam(call.params);
  if (email !== undefined) patch.email = email;
  if (name !== undefined) patch.name = name;
  if (description !== undefined) patch.description = description;
  if (metadata !== undefined) patch.metadata = metadata;
  return patch;
}

/** `/v1/customers`: create, retrieve, update, list. A balance given is booked as Stripe books it. */
export const customerRoutes = [
  stripeRoute({
    method: 'POST',
    pattern: '/v1/customers',
    resource: 'customer',
    supported: details,
    handle(call) {
      const { customers } = call.account.state;
      const balance = integerParam(call.params, 'balance');
      const { metadata, ...rest } = patchOf(call);
      // Stripe keeps a balance in the account's currency until an invoice names one: usd here.
      // A balance given at creation is Stripe's `initial` transaction (the state's seeded credit).
      const customer = customers.create({
        currency: 'usd',
        ...rest,
        ...(metadata ? { metadata } : {}),
        ...(balance ? { credit: -balance } : {}),
      });
      return json(200, stripeCustomerOf(call.account, customer, call.apiVersion));
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/customers/:id',
    resource: 'customer',
    supported: {},
    // Today's customers have `invoice_credit_balance`, included only when expanded (2019-11-05's
    // has no such field, and refuses it as any other unknown expansion).
    expandable: ['invoice_credit_balance'],
    handle(call) {
      const record = call.account.state.customers.get(call.ids.id!);
      const customer = stripeCustomerOf(call.account, record, call.apiVersion);
      if (call.params.expand === undefined) return json(200, customer);
      if (isLegacyStripeVersion(call.apiVersion))
        return stripeEmulatorUnsupported('expand[0]', 'expanding invoice_credit_balance');
      // One balance per customer, in its currency: positive here is credit (the opposite of `balance`).
      const credit = record.balances.promotional;
      const balances = credit !== 0 ? { [record.currency]: credit } : {};
      return json(200, { ...customer, invoice_credit_balance: balances });
    },
  }),
  stripeRoute({
    method: 'POST',
    pattern: '/v1/customers/:id',
    resource: 'customer',
    supported: details,
    handle(call) {
      const { customers } = call.account.state;
      const id = call.ids.id!;
      customers.get(id);
      const balance = integerParam(call.params, 'balance');
      const customer = customers.update(id, patchOf(call));
      if (balance !== undefined) setBalance(call, id, balance);
      return json(200, stripeCustomerOf(call.account, customer, call.apiVersion));
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/customers',
    resource: 'customer',
    supported: { limit: true, starting_after: true, ending_before: true },
    handle: (call) =>
      listAnswer(
        call,
        '/v1/customers',
        (page) => call.account.state.customers.list(page),
        (customer) => stripeCustomerOf(call.account, customer, call.apiVersion),
      ),
  }),
];
