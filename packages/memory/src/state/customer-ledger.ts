import type { CreditBucket, CustomerRecord, LedgerEntry } from '../memory-records.js';
import { spendNoteCredit } from './credit-notes.js';
import type { StateContext } from './state-context.js';

export interface LedgerRefs {
  invoiceId?: string;
  creditNoteId?: string;
  description?: string;
}

/** Writes a customer's credit ledger: the one place balances change (internal to `state/`). */
export interface CustomerLedger {
  /**
   * Appends an entry and moves the bucket's running balance by `amount`; a zero amount writes
   * nothing and returns `undefined`. Records `customer.balance_changed`.
   */
  post(
    owner: CustomerRecord,
    amount: number,
    bucket: CreditBucket,
    reason: LedgerEntry['reason'],
    refs?: LedgerRefs,
  ): LedgerEntry | undefined;
  reset(): void;
}

export function createCustomerLedger(context: StateContext): CustomerLedger {
  let counter = 0;
  return {
    post(owner, amount, bucket, reason, refs) {
      if (amount === 0) return undefined;
      counter += 1;
      // Entries never change once written, so they are frozen and every snapshot can share them.
      const entry: LedgerEntry = Object.freeze({
        id: `le_${counter}`,
        amount,
        bucket,
        reason,
        ...refs,
        at: context.clock.nowIso(),
      });
      owner.ledger.push(entry);
      owner.balances[bucket] += amount;
      // Refundable credits belong to credit notes; a note's own void takes back its unspent credit.
      if (bucket === 'refundable' && amount < 0 && reason !== 'credit_note_voided') {
        const given = spendNoteCredit(context, owner);
        const invoice =
          refs?.invoiceId === undefined ? undefined : context.tables.invoices.get(refs.invoiceId);
        if (reason === 'applied_to_invoice' && invoice) {
          const { at } = entry;
          for (const { note, amount: spent } of given)
            note.allocations = Object.freeze([
              ...note.allocations,
              Object.freeze({ invoice, amount: spent, at }),
            ]);
          context.tables.creditsApplied.set(
            invoice.id,
            Object.freeze(given.map(({ note, amount: spent }) => Object.freeze({ note, amount: spent, at }))),
          );
        }
      }
      context.events.record('customer.balance_changed', owner.id);
      return entry;
    },
    reset() {
      counter = 0;
    },
  };
}
