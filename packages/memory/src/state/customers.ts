import { NotFoundError } from '@billbridge/core';
import { assignOwn } from '../assign-own.js';
import type { CreditBucket, CustomerRecord, LedgerEntry, Metadata } from '../memory-records.js';
import { refused } from '../refused.js';
import type { CustomerLedger } from './customer-ledger.js';
import { frozenMetadata, NO_METADATA } from './frozen-parts.js';
import { type ListPage, type ListPageOptions, listPage } from './list-page.js';
import { customerOf, type StateContext } from './state-context.js';

/**
 * The input of `customers.create`: the currency, optional seeded credit (integer minor units, promotional
 * bucket), and descriptive fields.
 */
export interface CreateCustomerInput {
  id?: string;
  /** Lower-case ISO 4217 code; the customer's balance is in this currency. */
  currency: string;
  /** Credit seeded into the ledger (`seeded`, promotional bucket). */
  credit?: number;
  /** Other descriptive fields kept as given (`CustomerRecord.details`); no rule reads them. */
  details?: Readonly<Record<string, string>>;
  email?: string | null;
  name?: string | null;
  description?: string | null;
  metadata?: Readonly<Record<string, string>>;
}

/** The descriptive fields `update` changes; a field left out stays as it is. */
export interface CustomerDetailsPatch {
  email?: string | null;
  name?: string | null;
  description?: string | null;
  /** Merged in; a key whose value is `''` is removed (Stripe's metadata rule); `null` clears all. */
  metadata?: Readonly<Record<string, string>> | null;
  /**
   * The currency of the customer's balance; only while nothing is booked in the old one (Stripe
   * fixes it at the first balance change or invoice).
   */
  currency?: string;
}

/**
 * Options of `customers.adjustBalance`: a description kept on the ledger entry and the credit bucket
 * (default promotional).
 */
export interface AdjustBalanceOptions {
  /** Kept on the ledger entry. */
  description?: string;
  /** Default `promotional` (Stripe's one balance; Chargebee's promotional credits). */
  bucket?: CreditBucket;
}

/** Customers and their credit ledger (records are the live state: read them, do not write them). */
export interface CustomerStore {
  create(input: CreateCustomerInput): Readonly<CustomerRecord>;
  /** Throws `NotFoundError`. */
  get(customerId: string): Readonly<CustomerRecord>;
  find(customerId: string): Readonly<CustomerRecord> | undefined;
  list(options?: ListPageOptions): ListPage<Readonly<CustomerRecord>>;
  /**
   * Moves the customer's credit by `amount` (minor units, not 0; negative takes credit) and
   * returns the ledger entry. A Chargebee bucket cannot go below zero; a Stripe balance can.
   */
  adjustBalance(customerId: string, amount: number, options?: AdjustBalanceOptions): LedgerEntry;
  /** The customer's ledger, oldest first (frozen entries; the credit per bucket is their sum). */
  ledger(customerId: string): readonly LedgerEntry[];
  /** Changes the descriptive fields (and, while nothing is booked, the currency). */
  update(customerId: string, patch: CustomerDetailsPatch): Readonly<CustomerRecord>;
  /**
   * Changes what a ledger entry says (its `description` and `metadata`); its amount never changes.
   * Throws `NotFoundError` for an unknown entry.
   */
  // As Stripe lets a balance transaction's be updated.
  describeLedgerEntry(
    customerId: string,
    entryId: string,
    patch: { description?: string | null; metadata?: Readonly<Record<string, string>> | null },
  ): LedgerEntry;
}

/** Stripe's metadata update: merge, `''` removes a key, `null` removes all. */
export function mergeMetadata(
  current: Readonly<Record<string, string>>,
  patch: Readonly<Record<string, string>> | null,
): Metadata {
  if (patch === null) return NO_METADATA;
  const merged: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === '') delete merged[key];
    else assignOwn(merged, key, value);
  }
  // Frozen (records share their metadata with their snapshots: state/frozen-parts.ts).
  return frozenMetadata(merged);
}

export function createCustomerStore(context: StateContext, ledger: CustomerLedger): CustomerStore {
  const { tables } = context;
  return {
    create(input) {
      const id = input.id ?? context.newId('customer');
      if (tables.customers.has(id)) throw refused(`customer ${id} already exists`);
      const record: CustomerRecord = {
        id,
        currency: input.currency,
        ledger: [],
        balances: { promotional: 0, refundable: 0, excess: 0 },
        email: input.email ?? null,
        name: input.name ?? null,
        description: input.description ?? null,
        metadata: frozenMetadata(input.metadata),
        details: Object.freeze({ ...input.details }),
        createdAt: context.clock.nowIso(),
      };
      tables.customers.set(id, record);
      context.events.record('customer.created', id);
      ledger.post(record, input.credit ?? 0, 'promotional', 'seeded');
      return record;
    },

    get: (customerId) => customerOf(tables, customerId),

    find: (customerId) => tables.customers.get(customerId),

    list: (options = {}) => listPage(tables.customers, 'customer', options),

    adjustBalance(customerId, amount, options = {}) {
      // Chargebee refuses to deduct more promotional credits than there are. A positive Stripe
      // balance is owed by the customer; the state does not yet add it to the next invoice.
      const owner = customerOf(tables, customerId);
      if (!Number.isSafeInteger(amount) || amount === 0) {
        throw refused(`a balance adjustment must be a non-zero integer amount, got ${amount}`);
      }
      const bucket = options.bucket ?? 'promotional';
      const after = owner.balances[bucket] + amount;
      if (!Number.isSafeInteger(after)) throw refused('the balance would not be a safe integer');
      if (context.flavor.name === 'chargebee' && after < 0) {
        throw refused(
          `cannot take ${-amount} from the ${owner.balances[bucket]} ${bucket} credit of ${owner.id}`,
        );
      }
      const entry = ledger.post(
        owner,
        amount,
        bucket,
        'adjusted',
        options.description !== undefined ? { description: options.description } : undefined,
      );
      return entry as LedgerEntry;
    },

    ledger: (customerId) => customerOf(tables, customerId).ledger,

    update(customerId, patch) {
      const owner = customerOf(tables, customerId);
      if (patch.currency !== undefined && patch.currency !== owner.currency) {
        const booked =
          owner.ledger.length > 0 ||
          [...tables.invoices.values()].some((invoice) => invoice.customerId === owner.id);
        if (booked) {
          throw refused(`customer ${owner.id} already has a balance or invoices in ${owner.currency}`);
        }
        owner.currency = patch.currency;
      }
      if (patch.email !== undefined) owner.email = patch.email;
      if (patch.name !== undefined) owner.name = patch.name;
      if (patch.description !== undefined) owner.description = patch.description;
      if (patch.metadata !== undefined) owner.metadata = mergeMetadata(owner.metadata, patch.metadata);
      context.events.record('customer.updated', owner.id);
      return owner;
    },

    describeLedgerEntry(customerId, entryId, patch) {
      const owner = customerOf(tables, customerId);
      const index = owner.ledger.findIndex((entry) => entry.id === entryId);
      const entry = owner.ledger[index];
      if (!entry) {
        throw new NotFoundError({
          message: `no such balance entry: ${entryId}`,
          provider: 'memory',
          status: 404,
        });
      }
      const { description: _description, metadata: _metadata, ...kept } = entry;
      const description = patch.description === undefined ? entry.description : patch.description;
      const metadata =
        patch.metadata === undefined ? entry.metadata : mergeMetadata(entry.metadata ?? {}, patch.metadata);
      // Entries are frozen (snapshots share them): the described one replaces it.
      const described: LedgerEntry = Object.freeze({
        ...kept,
        ...(description !== undefined && description !== null ? { description } : {}),
        ...(metadata !== undefined ? { metadata: Object.freeze(metadata) } : {}),
      });
      owner.ledger[index] = described;
      context.events.record('customer.updated', owner.id);
      return described;
    },
  };
}
