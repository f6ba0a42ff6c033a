import type { MemoryFlavor } from '../memory-flavor.js';
import { createIdGenerator, type IdGenerator } from '../memory-ids.js';
import type { InvoiceRecord } from '../memory-records.js';
import { createTestClock, type TestClock } from '../test-clock.js';
import { type CreditNoteStore, createCreditNoteStore } from './credit-notes.js';
import { createCustomerLedger } from './customer-ledger.js';
import { type CustomerStore, createCustomerStore } from './customers.js';
import { createStateEvents, type StateEvents } from './events.js';
import { snapshotInvoice } from './frozen-parts.js';
import { createIdempotencyRecords, type IdempotencyRecords } from './idempotency-records.js';
import { createInvoiceItemStore, type InvoiceItemStore } from './invoice-items.js';
import { createInvoiceStore, type InvoiceStore } from './invoices.js';
import type { StateContext, StateTables } from './state-context.js';
import { createSubscriptionStore, type SubscriptionStore } from './subscriptions.js';

/** How much the state remembers beyond its records; the oldest goes first. */
export interface MemoryStateLimits {
  /** Idempotency keys remembered at most (default 100 000). */
  idempotencyRecords?: number;
  /** How long an idempotency key is remembered, by the state clock (default 24 h, as Stripe). */
  idempotencyTtlMs?: number;
  /** State changes kept in `events.list()` (default 1 000; 0 keeps none, listeners still hear all). */
  events?: number;
}

export const DEFAULT_EVENTS_KEPT = 1_000;

export interface MemoryStateSettings {
  /** The provider's rules: `stripeFlavor(apiVersion)` or `chargebeeFlavor(voidCreatesCreditNote)`. */
  flavor: MemoryFlavor;
  /** Share one clock between states (accounts) to move them together; default a new test clock. */
  clock?: TestClock;
  /** The id generator (default one seeded with `idSeed`, default 1); `reset()` restarts it. */
  ids?: IdGenerator;
  idSeed?: number;
  limits?: MemoryStateLimits;
}

// The memory provider sits on one; the emulator holds one per account. Operations take ids and
// plain inputs, enforce the provider's rules, throw `BillingError`s (`NotFoundError` 404, a
// refusal 400, `InvoiceNotVoidableError`), and return the live records, which callers read and
// never write (`snapshotPlain` gives a frozen copy). Input *shape* is the caller's to validate.
/** One account's billing state by resource, with its idempotency records and change log. */
export interface MemoryState {
  readonly flavor: MemoryFlavor;
  readonly clock: TestClock;
  readonly customers: CustomerStore;
  readonly subscriptions: SubscriptionStore;
  readonly invoices: InvoiceStore;
  readonly creditNotes: CreditNoteStore;
  /** Stripe's invoice items: pending amounts for a customer's next invoice, or lines of a draft. */
  readonly invoiceItems: InvoiceItemStore;
  readonly idempotency: IdempotencyRecords;
  readonly events: StateEvents;
  /**
   * A frozen copy of an invoice as it is now, shared until the next state change (the webhook log
   * and a void's idempotency record keep the same one).
   */
  snapshotInvoice(record: Readonly<InvoiceRecord>): Readonly<InvoiceRecord>;
  /** Forgets every record, idempotency key and change, and restarts the id generator and counters. */
  reset(): void;
}

export function createMemoryState(settings: MemoryStateSettings): MemoryState {
  const { flavor } = settings;
  const clock = settings.clock ?? createTestClock();
  const ids = settings.ids ?? createIdGenerator(settings.idSeed ?? 1);
  const limits = settings.limits ?? {};
  const tables: StateTables = {
    customers: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    creditNotes: new Map(),
    invoiceItems: new Map(),
    notesByInvoice: new Map(),
    creditsApplied: new Map(),
  };
  const events = createStateEvents(clock, limits.events ?? DEFAULT_EVENTS_KEPT);
  const idempotency = createIdempotencyRecords('memory', clock, {
    ...(limits.idempotencyRecords !== undefined ? { maxRecords: limits.idempotencyRecords } : {}),
    ...(limits.idempotencyTtlMs !== undefined ? { ttlMs: limits.idempotencyTtlMs } : {}),
  });
  const numbered = new Map<string, number>();
  const taken = (id: string) =>
    tables.customers.has(id) ||
    tables.invoices.has(id) ||
    tables.creditNotes.has(id) ||
    tables.subscriptions.has(id) ||
    tables.invoiceItems.has(id);
  const context: StateContext = {
    flavor,
    clock,
    events,
    tables,
    newId(kind) {
      const style = flavor.ids[kind];
      let id: string;
      do {
        const next = (numbered.get(kind) ?? 1000) + 1;
        numbered.set(kind, next);
        id = style.numbered ? `${style.prefix}${next}` : ids.id(style.prefix);
      } while (taken(id));
      return id;
    },
  };
  const ledger = createCustomerLedger(context);
  let snapshotOf: Readonly<InvoiceRecord> | undefined;
  let snapshotAt = -1;
  let snapshot: Readonly<InvoiceRecord> | undefined;
  return {
    flavor,
    clock,
    customers: createCustomerStore(context, ledger),
    subscriptions: createSubscriptionStore(context),
    invoices: createInvoiceStore(context, ledger),
    creditNotes: createCreditNoteStore(context, ledger),
    invoiceItems: createInvoiceItemStore(context),
    idempotency,
    events,
    snapshotInvoice(record) {
      // Sound because every change of a record is followed by `events.record` before the operation
      // that made it returns (state-context.ts), so an unchanged change count means an unchanged record.
      if (record !== snapshotOf || events.recorded !== snapshotAt || snapshot === undefined) {
        snapshot = snapshotInvoice(record);
        snapshotOf = record;
        snapshotAt = events.recorded;
      }
      return snapshot;
    },
    reset() {
      snapshotOf = undefined;
      snapshot = undefined;
      for (const table of Object.values(tables)) table.clear();
      idempotency.clear();
      events.clear();
      ids.reset();
      ledger.reset();
      numbered.clear();
    },
  };
}
