import type { CreditBucket, CustomerRecord, LedgerEntry } from '../memory-records.js';
import { refused } from '../refused.js';
import type { CustomerLedger } from './customer-ledger.js';
import { type ListPage, type ListPageOptions, listPage } from './list-page.js';
import { customerOf, type StateContext } from './state-context.js';

export interface CreateCustomerInput {
  id?: string;
  /** Lower-case ISO 4217 code; the customer's balance is in this currency. */
  currency: string;
  /** Credit seeded into the ledger (`seeded`, promotional bucket). */
  credit?: number;
}

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
   * Moves the customer's credit by `amount` (positive gives credit, negative takes it; integer
   * minor units, not 0) and returns the ledger entry (`adjusted`). Chargebee flavor: a bucket
   * cannot go below zero (Chargebee refuses to deduct more promotional credits than there are);
   * Stripe flavor: it can (a positive Stripe balance, owed by the customer, which the state does
   * not yet add to the next invoice).
   */
  adjustBalance(customerId: string, amount: number, options?: AdjustBalanceOptions): LedgerEntry;
  /** The customer's ledger, oldest first (frozen entries; the credit per bucket is their sum). */
  ledger(customerId: string): readonly LedgerEntry[];
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
  };
}
