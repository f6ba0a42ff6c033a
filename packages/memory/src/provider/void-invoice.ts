import type { BillingWarning, VoidInvoiceResult } from '@billbridge/core';
import { clonePlain } from '../clone-plain.js';
import type { MemoryFlavor } from '../memory-flavor.js';
import type { CreditNoteRecord, InvoiceRecord } from '../memory-records.js';
import { toCreditNote, toInvoice } from '../normalize.js';
import type { MemoryState } from '../state/create-memory-state.js';
import type { VoidInvoiceOptions } from '../state/invoice-void.js';
import type { ReplayOptions } from './operate.js';

export interface ProviderVoidRequest {
  reasonCode?: string | undefined;
  comment?: string | undefined;
  /** Stripe flavor: billbridge's `recordVoidReasonAsMetadata` (reason and comment as invoice metadata). */
  recordAsMetadata: boolean;
}

/**
 * A void as billbridge's adapters make it, over `state.invoices.void`: Chargebee records the
 * reason and comment natively; Stripe has no such fields, so billbridge writes them as invoice
 * metadata (`billbridge_void_reason_code`, `billbridge_void_comment`), or warns that it did not.
 */
export function voidForProvider(
  state: MemoryState,
  invoiceId: string,
  consume: boolean,
  request: ProviderVoidRequest,
): VoidInvoiceResult {
  const { flavor } = state;
  const warnings: BillingWarning[] = [];
  let options: VoidInvoiceOptions;
  if (flavor.name === 'chargebee') {
    options = { consume, reasonCode: request.reasonCode ?? null, comment: request.comment ?? null };
  } else if (request.recordAsMetadata) {
    options = { consume, reasonCode: request.reasonCode };
    if (request.reasonCode !== undefined || request.comment !== undefined) {
      const metadata: Record<string, string> = {};
      if (request.reasonCode !== undefined) metadata.billbridge_void_reason_code = request.reasonCode;
      if (request.comment !== undefined) metadata.billbridge_void_comment = request.comment;
      options.metadata = metadata;
    }
  } else {
    options = { consume };
    if (request.reasonCode !== undefined) {
      warnings.push({
        code: 'reason_not_recorded',
        message: 'the void reason code was not recorded (metadata off)',
      });
    }
    if (request.comment !== undefined) {
      warnings.push({
        code: 'comment_not_recorded',
        message: 'the void comment was not recorded (metadata off)',
      });
    }
  }
  const outcome = state.invoices.void(invoiceId, options);
  const invoice = toInvoice(outcome.invoice, flavor);
  return {
    invoice,
    balanceReturned:
      outcome.balanceReturned > 0 ? { amount: outcome.balanceReturned, currency: invoice.currency } : null,
    creditNote: outcome.creditNote === null ? null : toCreditNote(outcome.creditNote, flavor),
    warnings,
    replayed: false,
    raw: invoice.raw,
  };
}

interface VoidResultSnapshot {
  invoiceRaw: InvoiceRecord;
  balanceReturned: number | null;
  creditNoteRaw: CreditNoteRecord | null;
  warnings: readonly BillingWarning[];
}

const noWarnings: readonly BillingWarning[] = Object.freeze([]);

/**
 * A void result is kept by what it was made of: the frozen snapshots of the invoice (and of the
 * credit note a Chargebee void makes) are shared, not copied, and the replay is rebuilt from
 * them. Voids are the hot path; this keeps one stored object per void instead of a deep copy.
 */
export function voidResultReplay(flavor: MemoryFlavor): ReplayOptions<VoidInvoiceResult> {
  return {
    snapshot: (result) => ({
      invoiceRaw: result.invoice.raw,
      balanceReturned: result.balanceReturned?.amount ?? null,
      creditNoteRaw: result.creditNote?.raw ?? null,
      warnings: result.warnings.length > 0 ? clonePlain(result.warnings) : noWarnings,
    }),
    restore: (stored) => {
      const snapshot = stored as VoidResultSnapshot;
      const invoice = toInvoice(snapshot.invoiceRaw, flavor);
      return {
        invoice,
        balanceReturned:
          snapshot.balanceReturned === null
            ? null
            : { amount: snapshot.balanceReturned, currency: invoice.currency },
        creditNote: snapshot.creditNoteRaw === null ? null : toCreditNote(snapshot.creditNoteRaw, flavor),
        warnings: snapshot.warnings.map((warning) => ({ ...warning })),
        replayed: true,
        raw: invoice.raw,
      };
    },
  };
}
