import {
  createMemoryState,
  type MemoryState,
  type StripeCreditNoteLine,
  stripeFlavor,
  type TestClock,
} from '@billbridge/memory';
import { accountSeed } from '../account-seed.js';

/**
 * What Stripe shows of an invoice that the shared state model does not hold, because no rule
 * depends on it: presentation fields, and the balances Stripe prints at finalize.
 */
export interface StripeInvoiceExtras {
  description: string | null;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  daysUntilDue: number | null;
  autoAdvance: boolean;
  /** Stripe's `starting_balance` at finalize (negative = credit), 0 before. */
  startingBalance: number;
  number: string | null;
  paidOutOfBand: boolean;
}

/** What Stripe shows of a credit note beyond the state's record: its lines and metadata. */
export interface StripeCreditNoteExtras {
  metadata: Record<string, string>;
  lines: StripeCreditNoteLine[];
}

/** One Stripe account as the emulator holds it: the shared state model plus Stripe's extras. */
export interface StripeAccount {
  id: string;
  state: MemoryState;
  invoices: Map<string, StripeInvoiceExtras>;
  creditNotes: Map<string, StripeCreditNoteExtras>;
  /** Invoices finalized so far (their `number` is `<prefix>-000N`). */
  finalizedCount: number;
}

export function createStripeAccount(account: string, apiVersion: string, clock: TestClock): StripeAccount {
  return {
    id: account,
    // The flavor's version only sets the state's defaults; every void says itself whether it
    // consumes (decided per request by its Stripe-Version), so one account serves every version.
    state: createMemoryState({ flavor: stripeFlavor(apiVersion), clock, idSeed: accountSeed(account) }),
    invoices: new Map(),
    creditNotes: new Map(),
    finalizedCount: 0,
  };
}

export function invoiceExtrasOf(account: StripeAccount, invoiceId: string): StripeInvoiceExtras {
  let extras = account.invoices.get(invoiceId);
  if (!extras) {
    extras = {
      description: null,
      collectionMethod: 'charge_automatically',
      daysUntilDue: null,
      autoAdvance: false,
      startingBalance: 0,
      number: null,
      paidOutOfBand: false,
    };
    account.invoices.set(invoiceId, extras);
  }
  return extras;
}

/** Is this the 2019-11-05 shape (the last before 2019-12-03)? Every other version renders today's. */
export function isLegacyStripeVersion(apiVersion: string): boolean {
  return apiVersion.slice(0, 10) < '2019-12-03';
}
