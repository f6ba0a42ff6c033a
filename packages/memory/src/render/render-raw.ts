// What the memory provider hands out as `raw`: its records in the shape of its flavor at its API
// version (Stripe's shape of `flavor.apiVersion`, or Chargebee v2's), deep-frozen. The provider
// calls these when it makes a result (normalize.ts says why not on first read).
import type { MemoryFlavor } from '../memory-flavor.js';
import type { CreditNoteRecord, CustomerRecord, InvoiceCredits, InvoiceRecord } from '../memory-records.js';
import { renderChargebeeCreditNote } from './render-chargebee-credit-note.js';
import { renderChargebeeCustomer } from './render-chargebee-customer.js';
import { renderChargebeeInvoice } from './render-chargebee-invoice.js';
import { renderStripeCreditNote } from './render-stripe-credit-note.js';
import { renderStripeCustomer } from './render-stripe-customer.js';
import { renderStripeInvoice } from './render-stripe-invoice.js';

/** A provider-shaped `raw` object as the memory provider hands it out: deeply frozen. */
export type RawObject = Readonly<Record<string, unknown>>;

/**
 * Freezes a freshly rendered object in place, deeply (parts already frozen are left as they are).
 * Not `snapshotPlain`: copying an object of ~80 keys key by key is ten times the render itself.
 */
function frozen<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key in value) frozen((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}

/**
 * An invoice's `raw`: the provider's own invoice object for the flavor (and, for Stripe, its API
 * version), frozen.
 */
export function renderInvoiceRaw(
  invoice: InvoiceRecord,
  flavor: MemoryFlavor,
  credits: Partial<InvoiceCredits> = {},
): RawObject {
  // A Stripe invoice is deep-frozen as `renderStripeInvoice` builds it, so it skips `frozen`:
  // `Object.isFrozen` checks every one of its ~80 properties, ~200 ns of a void (issue 12).
  // test/schemas/memory-renderers.test.ts checks that every shape it renders is deep-frozen.
  return flavor.name === 'stripe'
    ? renderStripeInvoice(invoice, flavor.apiVersion)
    : frozen(renderChargebeeInvoice(invoice, credits));
}

/** A credit note's `raw`: the provider's own credit note object for the flavor (and API version), frozen. */
export function renderCreditNoteRaw(note: CreditNoteRecord, flavor: MemoryFlavor): RawObject {
  return frozen(
    flavor.name === 'stripe'
      ? renderStripeCreditNote(note, flavor.apiVersion)
      : renderChargebeeCreditNote(note),
  );
}

/** A customer balance's `raw`: the customer, which is where both providers keep the balance. */
export function renderCustomerRaw(customer: CustomerRecord, flavor: MemoryFlavor): RawObject {
  return frozen(
    flavor.name === 'stripe'
      ? renderStripeCustomer(customer, flavor.apiVersion)
      : renderChargebeeCustomer(customer),
  );
}

/**
 * A void's response: Stripe's invoice; Chargebee's `{ invoice, credit_note? }` (a credit note when
 * the site voids with one).
 */
export function renderVoidResponseRaw(
  flavor: MemoryFlavor,
  invoiceRaw: unknown,
  creditNoteRaw: unknown | null,
): unknown {
  // The parts are the already rendered `raw`s, shared.
  if (flavor.name === 'stripe') return invoiceRaw;
  return frozen(
    creditNoteRaw === null ? { invoice: invoiceRaw } : { invoice: invoiceRaw, credit_note: creditNoteRaw },
  );
}
