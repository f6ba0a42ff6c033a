import type { CreditNote } from './credit-note.js';

/**
 * The credit note a void made (Chargebee's "void with credit note"), among the voided invoice's
 * notes: its issued adjustment. Chargebee refuses to void an invoice with adjustments
 * (`has_adjustments`), so no other can be there; dates are not compared (one more way to miss it).
 */
export function creditNoteMadeByVoid(notes: readonly CreditNote[]): CreditNote | null {
  return notes.findLast((note) => note.kind === 'adjustment' && note.status === 'issued') ?? null;
}
