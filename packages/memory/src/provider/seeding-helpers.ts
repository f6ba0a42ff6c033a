import {
  type CustomerBalance,
  currencySchema,
  type Invoice,
  parseInput,
  positiveMinorUnitsSchema,
  providerIdSchema,
  type VoidInvoiceResult,
} from '@billbridge/core';
import * as z from 'zod';
import { clonePlain } from '../clone-plain.js';
import type { InvoiceRecord, LedgerEntry } from '../memory-records.js';
import { toCustomerBalance, toInvoice } from '../normalize.js';
import { refused } from '../refused.js';
import type { MemoryState } from '../state/create-memory-state.js';
import { voidForProvider } from './void-invoice.js';

export const createCustomerSchema = z.strictObject({
  id: providerIdSchema.optional(),
  currency: currencySchema,
  credit: z.int().min(0).optional(),
});
export const createSubscriptionSchema = z.strictObject({
  id: providerIdSchema.optional(),
  customerId: providerIdSchema,
});
export const createInvoiceSchema = z.strictObject({
  id: providerIdSchema.optional(),
  customerId: providerIdSchema,
  currency: currencySchema.optional(),
  subscriptionId: providerIdSchema.optional(),
  lines: z
    .array(z.strictObject({ amount: positiveMinorUnitsSchema, description: z.string().max(500).optional() }))
    .min(1, 'an invoice needs at least one line'),
});

/** The seeding and test helpers of DESIGN §9 (names fixed there); not logged, never faulted. */
export interface SeedingHelpers {
  createCustomer(input: z.input<typeof createCustomerSchema>): CustomerBalance;
  createSubscription(input: z.input<typeof createSubscriptionSchema>): { id: string; customerId: string };
  /** A draft invoice. */
  createInvoice(input: z.input<typeof createInvoiceSchema>): Invoice;
  /** Finalizes a draft: applies the customer's available credit, like the provider; fully covered → paid. */
  finalizeInvoice(invoiceId: string): Invoice;
  /** Pays what is due. With `amount` less than due, records a partial payment (Chargebee: blocks a void). */
  payInvoice(invoiceId: string, options?: { amount?: number }): Invoice;
  markUncollectible(invoiceId: string): Invoice;
  /** Voids an invoice the way the provider does on its own for a subscription, using its balance setting. */
  voidInvoiceForSubscription(invoiceId: string): VoidInvoiceResult;
  /** The customer's ledger (the credit is always its sum). */
  ledger(customerId: string): readonly LedgerEntry[];
}

/** Validates the helpers' input (`ValidationError` before any change), then runs the state's rules. */
export function createSeedingHelpers(state: MemoryState): SeedingHelpers {
  const { flavor, customers, subscriptions, invoices } = state;
  const withNotes = (record: InvoiceRecord) =>
    toInvoice(record, flavor, state.creditNotes.creditsOf(record.id));
  const invoiceIdOf = (invoiceId: string) => parseInput(providerIdSchema, invoiceId, { prefix: 'invoiceId' });
  return {
    createCustomer(input) {
      const record = customers.create(parseInput(createCustomerSchema, input, { context: 'createCustomer' }));
      return toCustomerBalance(record, record.currency, flavor);
    },

    createSubscription(input) {
      const record = subscriptions.create(
        parseInput(createSubscriptionSchema, input, { context: 'createSubscription' }),
      );
      return { id: record.id, customerId: record.customerId };
    },

    createInvoice(input) {
      const parsed = parseInput(createInvoiceSchema, input, { context: 'createInvoice' });
      return toInvoice(invoices.createDraft(parsed), flavor);
    },

    finalizeInvoice: (invoiceId) => withNotes(invoices.finalize(invoiceIdOf(invoiceId))),

    payInvoice: (invoiceId, options = {}) => withNotes(invoices.pay(invoiceIdOf(invoiceId), options)),

    markUncollectible: (invoiceId) => withNotes(invoices.markUncollectible(invoiceIdOf(invoiceId))),

    voidInvoiceForSubscription(invoiceId) {
      const record = invoices.get(invoiceIdOf(invoiceId));
      const subscription =
        record.subscriptionId === null ? undefined : subscriptions.find(record.subscriptionId);
      if (!subscription) throw refused(`invoice ${record.id} does not belong to a subscription`);
      return voidForProvider(state, record.id, subscriptions.consumesOnVoid(subscription), {
        recordAsMetadata: false,
      }).result;
    },

    ledger: (customerId) => clonePlain(customers.ledger(customerId)),
  };
}
