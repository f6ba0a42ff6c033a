import {
  type BillingError,
  type BillingEvent,
  type BillingProvider,
  chargebeeProviderOptionsSchema,
  parseInput,
  stripeProviderOptionsSchema,
} from '@billbridge/core';
import { chargebeeFlavor, type MemoryFlavor, stripeFlavor } from '../memory-flavor.js';
import { createRingBuffer } from '../ring-buffer.js';
import { createMemoryState, DEFAULT_EVENTS_KEPT, type MemoryState } from '../state/create-memory-state.js';
import { createTestClock, type TestClock } from '../test-clock.js';
import {
  createMemoryWebhooks,
  type MemoryWebhookDelivery,
  type MemoryWebhookDeliveryOptions,
} from '../webhooks/create-memory-webhooks.js';
import { createFaultQueue, type FailNextOptions } from './fault-injection.js';
import type { MemoryCall, MemoryOperation } from './memory-operation.js';
import {
  DEFAULT_CALLS_KEPT,
  MEMORY_DEFAULT_STRIPE_API_VERSION,
  type MemoryProviderSettings,
  memoryProviderSettingsSchema,
} from './memory-provider-settings.js';
import { createOperate } from './operate.js';
import { createProviderOperations } from './provider-operations.js';
import { createSeedingHelpers, type SeedingHelpers } from './seeding-helpers.js';

export interface MemoryProvider extends BillingProvider, SeedingHelpers {
  readonly flavor: MemoryFlavor['name'];
  /** The Stripe API version followed (Stripe flavor), or `undefined`. */
  readonly apiVersion: string | undefined;
  readonly clock: TestClock;
  /**
   * The provider operations, oldest first (seeding helpers are not logged): the last
   * `limits.calls` (default 10 000). A fresh array after each call.
   */
  readonly calls: readonly MemoryCall[];
  /** The state the provider sits on (the same model the emulator uses): read it, seed through it. */
  readonly state: MemoryState;
  failNext(
    operation: MemoryOperation,
    error: BillingError | (() => BillingError),
    options?: FailNextOptions,
  ): void;
  /**
   * A `BillingEvent` for each state change, oldest first (the last `limits.events`, default
   * 1 000): what this flavor's provider would send as webhooks. A fresh array on each read.
   */
  readonly events: readonly BillingEvent[];
  /**
   * The delivery of `event` as the provider sends it (Stripe: signed with `secret`; Chargebee:
   * v2 JSON with Basic auth), to post to your endpoint.
   */
  // stripe-node's `constructEventAsync` and the Stripe adapter accept the Stripe one.
  webhookDelivery(event: BillingEvent, options?: MemoryWebhookDeliveryOptions): MemoryWebhookDelivery;
  /** Forgets everything: customers, invoices, credit notes, idempotency records, faults, the call log, events. */
  reset(): void;
}

/**
 * A stateful in-memory billing provider that follows Stripe's or Chargebee's rules (DESIGN §9):
 * a `BillingProvider` over one `MemoryState`, which holds the records and the rules by resource.
 */
export function createMemoryProvider(settingsInput: MemoryProviderSettings = {}): MemoryProvider {
  const settings = parseInput(memoryProviderSettingsSchema, settingsInput, {
    context: 'createMemoryProvider',
  });
  const apiVersion =
    settings.flavor === 'stripe' ? (settings.apiVersion ?? MEMORY_DEFAULT_STRIPE_API_VERSION) : undefined;
  const flavor =
    apiVersion !== undefined ? stripeFlavor(apiVersion) : chargebeeFlavor(settings.voidCreatesCreditNote);
  const limits = settings.limits ?? {};
  const state = createMemoryState({
    flavor,
    clock: createTestClock(settings.now),
    idSeed: settings.idSeed ?? 1,
    limits: {
      ...(limits.idempotencyRecords !== undefined ? { idempotencyRecords: limits.idempotencyRecords } : {}),
      ...(limits.idempotencyTtlMs !== undefined ? { idempotencyTtlMs: limits.idempotencyTtlMs } : {}),
      ...(limits.events !== undefined ? { events: limits.events } : {}),
    },
  });
  const faults = createFaultQueue();
  const calls = createRingBuffer<MemoryCall>(limits.calls ?? DEFAULT_CALLS_KEPT);
  const operate = createOperate(state, faults, calls);
  const webhooks = createMemoryWebhooks(state, {
    apiVersion,
    keep: limits.events ?? DEFAULT_EVENTS_KEPT,
    secrets:
      settings.webhookSecret === undefined
        ? []
        : typeof settings.webhookSecret === 'string'
          ? [settings.webhookSecret]
          : settings.webhookSecret,
    auth: settings.webhookAuth,
  });

  return {
    specificationVersion: 'v1',
    provider: 'memory',
    providerOptionsKey: flavor.name,
    // The same namespaces and schemas as the real adapters, so one call site runs on both.
    providerOptionsSchema:
      flavor.name === 'stripe' ? stripeProviderOptionsSchema : chargebeeProviderOptionsSchema,
    capabilities: flavor.capabilities,
    flavor: flavor.name,
    apiVersion,
    clock: state.clock,
    get calls() {
      return calls.toArray();
    },
    state,
    ...createProviderOperations(state, operate),
    ...createSeedingHelpers(state),
    get events() {
      return webhooks.list();
    },
    webhookDelivery: (event, options) => webhooks.delivery(event, options),
    doParseWebhook: (request) => webhooks.parse(request),
    failNext(operation, error, options) {
      faults.add(operation, error, options);
    },
    reset() {
      state.reset();
      faults.clear();
      calls.clear();
      webhooks.clear();
    },
  };
}
