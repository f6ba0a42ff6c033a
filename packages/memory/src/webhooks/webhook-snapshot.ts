import type {
  CreditNoteRecord,
  CustomerRecord,
  InvoiceCredits,
  InvoiceItemRecord,
  InvoiceRecord,
  LedgerEntry,
  SubscriptionRecord,
} from '../memory-records.js';
import type { StateChange } from '../state/events.js';

/**
 * What a state change looked like when it happened: a frozen copy of the record it changed (or,
 * for a balance change, the ledger entry, which is frozen already). Events are rendered from
 * these when read, so recording one costs one copy.
 */
export type WebhookSnapshot = { change: StateChange } & (
  | { kind: 'invoice'; record: InvoiceRecord; credits: InvoiceCredits | undefined }
  | { kind: 'credit_note'; record: CreditNoteRecord }
  | { kind: 'ledger'; entry: LedgerEntry; customer: CustomerRecord }
  | { kind: 'customer'; record: CustomerRecord }
  | { kind: 'subscription'; record: SubscriptionRecord }
  | { kind: 'invoice_item'; record: InvoiceItemRecord }
);
