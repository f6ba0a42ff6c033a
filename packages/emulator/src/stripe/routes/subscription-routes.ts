import { type EmulatorResponse, json } from '../../http/emulator-exchange.js';
import { isLegacyStripeVersion } from '../stripe-account.js';
import { stripeError, stripeMissingParameter } from '../stripe-error.js';
import { stripeSubscriptionOf } from '../stripe-render.js';
import {
  integerParam,
  listAnswer,
  metadataParam,
  type StripeCall,
  stripeRoute,
  textParam,
} from '../stripe-route.js';

const balanceSettings = { consume_applied_balance_on_void: true } as const;

/**
 * `invoice_customer_balance_settings[consume_applied_balance_on_void]` (2019-11-05 only; the schema
 * refuses it elsewhere): the setting, nothing, or Stripe's 400 for a value that is not a boolean.
 */
function balanceSettingOf(call: StripeCall): boolean | undefined | EmulatorResponse {
  const settings = call.params.invoice_customer_balance_settings as Record<string, unknown> | undefined;
  const consume = settings?.consume_applied_balance_on_void;
  if (consume === undefined) return undefined;
  if (consume === 'true' || consume === 'false') return consume === 'true';
  return stripeError(
    400,
    {
      type: 'invalid_request_error',
      param: 'invoice_customer_balance_settings[consume_applied_balance_on_void]',
      message: 'Invalid boolean: must be true or false',
    },
    { notSaved: true },
  );
}

/** The item this account already has with price `priceId` (prices exist only as items' inline prices). */
function itemWithPrice(call: StripeCall, priceId: string) {
  const { subscriptions } = call.account.state;
  let startingAfter: string | undefined;
  for (;;) {
    const page = subscriptions.list({ limit: 100, ...(startingAfter ? { startingAfter } : {}) });
    for (const subscription of page.data) {
      const found = subscription.items.find((item) => item.priceId === priceId);
      if (found) return found;
    }
    if (!page.hasMore || page.data.length === 0) return undefined;
    startingAfter = page.data.at(-1)!.id;
  }
}

type ItemInput = NonNullable<
  Parameters<StripeCall['account']['state']['subscriptions']['create']>[0]['items']
>[number];

/**
 * The items of a create: `price_data` makes a price; `price` names one an earlier `price_data`
 * made in this account (Stripe's 400 `resource_missing` for any other), as Stripe's API-reference
 * example `items[0][price]=price_…` does.
 */
function itemsOf(call: StripeCall): ItemInput[] | EmulatorResponse {
  const items = (call.params.items as Record<string, unknown>[] | undefined) ?? [];
  const made: ItemInput[] = [];
  for (const [index, item] of items.entries()) {
    if (item.price !== undefined) {
      const priceId = String(item.price);
      const known = itemWithPrice(call, priceId);
      if (!known)
        // A parameter naming a missing object is a 400 at Stripe (a missing path object is the 404).
        return stripeError(400, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: `items[${index}][price]`,
          message: `No such price: '${priceId}'`,
        });
      const { id: _id, quantity: _quantity, ...price } = known;
      made.push({ ...price, quantity: integerParam(item, 'quantity') ?? 1 });
      continue;
    }
    const price = item.price_data as Record<string, unknown> | undefined;
    if (!price) return stripeMissingParameter(`items[${index}][price]`);
    const recurring = price.recurring as Record<string, unknown>;
    made.push({
      productId: String(price.product),
      currency: String(price.currency).toLowerCase(),
      unitAmount: integerParam(price, 'unit_amount') ?? 0,
      quantity: integerParam(item, 'quantity') ?? 1,
      interval: String(recurring.interval) as 'day' | 'week' | 'month' | 'year',
      intervalCount: integerParam(recurring, 'interval_count') ?? 1,
    });
  }
  return made;
}

/**
 * `/v1/subscriptions`: create (items by `price_data` on today's versions; the product is taken as
 * given), retrieve, list, update metadata and, on 2019-11-05, `invoice_customer_balance_settings`.
 */
export const subscriptionRoutes = [
  stripeRoute({
    method: 'POST',
    pattern: '/v1/subscriptions',
    resource: 'subscription',
    supported: {
      customer: true,
      metadata: true,
      items: [
        {
          quantity: true,
          price: true,
          price_data: {
            currency: true,
            product: true,
            unit_amount: true,
            recurring: { interval: true, interval_count: true },
          },
        },
      ],
      invoice_customer_balance_settings: balanceSettings,
    },
    handle(call) {
      const { subscriptions } = call.account.state;
      const metadata = metadataParam(call.params);
      const setting = balanceSettingOf(call);
      if (typeof setting === 'object') return setting;
      const items = itemsOf(call);
      if (!Array.isArray(items)) return items;
      const subscription = subscriptions.create({
        customerId: textParam(call.params, 'customer') ?? '',
        items,
        ...(metadata ? { metadata } : {}),
      });
      if (setting !== undefined)
        subscriptions.setBalanceSettings(
          subscription.id,
          { consumeAppliedBalanceOnVoid: setting },
          isLegacyStripeVersion(call.apiVersion),
        );
      return json(200, stripeSubscriptionOf(call.account, subscription, call.apiVersion));
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/subscriptions/:id',
    resource: 'subscription',
    supported: {},
    handle: (call) =>
      json(
        200,
        stripeSubscriptionOf(
          call.account,
          call.account.state.subscriptions.get(call.ids.id!),
          call.apiVersion,
        ),
      ),
  }),
  stripeRoute({
    method: 'POST',
    pattern: '/v1/subscriptions/:id',
    resource: 'subscription',
    supported: { metadata: true, invoice_customer_balance_settings: balanceSettings },
    handle(call) {
      const { subscriptions } = call.account.state;
      const id = call.ids.id!;
      subscriptions.get(id);
      const metadata = metadataParam(call.params);
      const setting = balanceSettingOf(call);
      if (typeof setting === 'object') return setting;
      if (setting !== undefined)
        subscriptions.setBalanceSettings(
          id,
          { consumeAppliedBalanceOnVoid: setting },
          isLegacyStripeVersion(call.apiVersion),
        );
      if (metadata !== undefined) subscriptions.updateMetadata(id, metadata);
      return json(200, stripeSubscriptionOf(call.account, subscriptions.get(id), call.apiVersion));
    },
  }),
  stripeRoute({
    method: 'GET',
    pattern: '/v1/subscriptions',
    resource: 'subscription',
    supported: { customer: true, limit: true, starting_after: true, ending_before: true },
    handle(call) {
      const customerId = textParam(call.params, 'customer') ?? undefined;
      return listAnswer(
        call,
        '/v1/subscriptions',
        (page) => call.account.state.subscriptions.list({ ...page, ...(customerId ? { customerId } : {}) }),
        (subscription) => stripeSubscriptionOf(call.account, subscription, call.apiVersion),
      );
    },
  }),
];
