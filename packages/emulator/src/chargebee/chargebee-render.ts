import {
  type CreditNoteRecord,
  type InvoiceRecord,
  type MemoryState,
  renderChargebeeCreditNote,
  renderChargebeeInvoice,
} from '@billbridge/memory';

/** A site's invoice as Chargebee answers it, with the credit notes issued against it. */
export function chargebeeInvoiceOf(state: MemoryState, invoice: Readonly<InvoiceRecord>) {
  return renderChargebeeInvoice(invoice, state.creditNotes.creditsOf(invoice.id));
}

/** A site's credit note as Chargebee answers it, with what its invoice says. */
export function chargebeeCreditNoteOf(state: MemoryState, note: Readonly<CreditNoteRecord>) {
  return renderChargebeeCreditNote(note, { invoice: state.invoices.get(note.invoiceId) });
}
