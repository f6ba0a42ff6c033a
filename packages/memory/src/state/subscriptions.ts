import type { SubscriptionItemRecord, SubscriptionRecord } from '../memory-records.js';
import { refused } from '../refused.js';
import { mergeMetadata } from './customers.js';
import { frozenMetadata } from './frozen-parts.js';
import { type ListPage, type ListPageOptions, listPage } from './list-page.js';
import { customerOf, type StateContext, subscriptionOf } from './state-context.js';

/** The input of `subscriptions.create`: the customer, and optionally inline priced items and metadata. */
export interface CreateSubscriptionInput {
  id?: string;
  customerId: string;
  /**
   * Inline prices (Stripe `items[].price_data`); an item may name the price an earlier item made
   * (`priceId`, Stripe's `items[].price`).
   */
  items?: readonly (Omit<SubscriptionItemRecord, 'id' | 'priceId'> & { priceId?: string })[];
  metadata?: Readonly<Record<string, string>>;
}

/** What `subscriptions.setBalanceSettings` did. */
export interface BalanceSettingsOutcome {
  subscription: Readonly<SubscriptionRecord>;
  /** What a void of this subscription's invoices now does with the applied balance. */
  consumeAppliedBalanceOnVoid: boolean;
  /** `native`: the flavor already behaves so; `stored`: only the subscription's setting does. */
  appliedBy: 'native' | 'stored';
}

/** Subscriptions and their balance setting (Stripe's `invoice_customer_balance_settings`). */
export interface SubscriptionStore {
  /** Throws `NotFoundError` for an unknown customer. */
  create(input: CreateSubscriptionInput): Readonly<SubscriptionRecord>;
  get(subscriptionId: string): Readonly<SubscriptionRecord>;
  find(subscriptionId: string): Readonly<SubscriptionRecord> | undefined;
  list(options?: ListPageOptions & { customerId?: string }): ListPage<Readonly<SubscriptionRecord>>;
  /**
   * Sets `consume_applied_balance_on_void` (`native` where the flavor's default already is "return"
   * and the caller asks for "return").
   */
  setBalanceSettings(
    subscriptionId: string,
    settings: { consumeAppliedBalanceOnVoid: boolean },
    // What a void does where nothing is set (default the flavor's; the emulator passes its request's).
    defaultConsumes?: boolean,
  ): BalanceSettingsOutcome;
  /** Whether a void the provider makes for this subscription consumes the applied balance. */
  consumesOnVoid(subscription: Readonly<SubscriptionRecord>): boolean;
  /** Merges metadata by Stripe's rule (`''` removes a key, `null` all). */
  updateMetadata(
    subscriptionId: string,
    metadata: Readonly<Record<string, string>> | null,
  ): Readonly<SubscriptionRecord>;
}

export function createSubscriptionStore(context: StateContext): SubscriptionStore {
  const { tables, flavor } = context;
  const consumesOnVoid = (subscription: Readonly<SubscriptionRecord>) =>
    subscription.consumeAppliedBalanceOnVoid ?? flavor.defaultConsumesOnVoid;
  return {
    create(input) {
      customerOf(tables, input.customerId);
      const id = input.id ?? context.newId('subscription');
      if (tables.subscriptions.has(id)) throw refused(`subscription ${id} already exists`);
      const items = (input.items ?? []).map((item) => {
        if (!Number.isSafeInteger(item.unitAmount) || item.unitAmount < 0) {
          throw refused(`a unit amount must be a non-negative integer, got ${item.unitAmount}`);
        }
        if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
          throw refused(`a quantity must be a positive integer, got ${item.quantity}`);
        }
        return Object.freeze({
          ...item,
          id: context.newId('subscriptionItem'),
          priceId: item.priceId ?? context.newId('price'),
        });
      });
      const record: SubscriptionRecord = {
        id,
        customerId: input.customerId,
        consumeAppliedBalanceOnVoid: undefined,
        items: Object.freeze(items),
        metadata: frozenMetadata(input.metadata),
        createdAt: context.clock.nowIso(),
      };
      tables.subscriptions.set(id, record);
      context.events.record('subscription.created', id);
      return record;
    },

    get: (subscriptionId) => subscriptionOf(tables, subscriptionId),

    find: (subscriptionId) => tables.subscriptions.get(subscriptionId),

    list: (options = {}) =>
      listPage(
        tables.subscriptions,
        'subscription',
        options,
        options.customerId === undefined ? undefined : (record) => record.customerId === options.customerId,
      ),

    setBalanceSettings(subscriptionId, settings, defaultConsumes = flavor.defaultConsumesOnVoid) {
      const subscription = subscriptionOf(tables, subscriptionId);
      const value = settings.consumeAppliedBalanceOnVoid;
      const native = !defaultConsumes && !value;
      const before = subscription.consumeAppliedBalanceOnVoid;
      // Kept where the flavor already behaves so too: it replaces an earlier `true`, and the
      // emulator's one state serves API versions whose defaults differ.
      subscription.consumeAppliedBalanceOnVoid = value;
      if (before !== value && !(native && before === undefined))
        context.events.record('subscription.balance_settings_changed', subscriptionId);
      return {
        subscription,
        consumeAppliedBalanceOnVoid: consumesOnVoid(subscription),
        appliedBy: native ? 'native' : 'stored',
      };
    },

    consumesOnVoid,

    updateMetadata(subscriptionId, metadata) {
      const subscription = subscriptionOf(tables, subscriptionId);
      subscription.metadata = mergeMetadata(subscription.metadata, metadata);
      context.events.record('subscription.updated', subscriptionId);
      return subscription;
    },
  };
}
