import type { BillingWarning, VoidInvoiceResult } from '@billbridge/core';
import { snapshotPlain } from '../clone-plain.js';
import type { CreditNoteRecord, InvoiceRecord } from '../memory-records.js';
import { toCreditNote, toInvoice } from '../normalize.js';
import { renderVoidResponseRaw } from '../render/render-raw.js';
import type { MemoryState } from '../state/create-memory-state.js';
import { snapshotCreditNote } from '../state/frozen-parts.js';
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
): { result: VoidInvoiceResult; kept: KeptVoid } {
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
      // What the Stripe adapter says when it writes them (packages/stripe/src/create-stripe-provider.ts).
      warnings.push({
        code: 'recorded_as_metadata',
        message: `stripe has no void reason: recorded as invoice metadata ${Object.keys(metadata).join(', ')}`,
      });
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
  const creditNote = outcome.creditNote === null ? null : snapshotCreditNote(outcome.creditNote);
  const kept: KeptVoid = {
    invoice: state.snapshotInvoice(outcome.invoice),
    balanceReturned: outcome.balanceReturned > 0 ? outcome.balanceReturned : null,
    creditNote,
    warnings: warnings.length > 0 ? snapshotPlain(warnings) : noWarnings,
  };
  return { result: voidResultFrom(kept, state, warnings, false), kept };
}

/**
 * What a void's idempotency record keeps: frozen snapshots of the records (the invoice, and the
 * credit note a Chargebee void makes), never the provider-shaped `raw`, which a replay renders
 * again on demand (the renderers are pure, so it is the same object as the first time).
 */
export interface KeptVoid {
  invoice: Readonly<InvoiceRecord>;
  balanceReturned: number | null;
  creditNote: Readonly<CreditNoteRecord> | null;
  warnings: readonly BillingWarning[];
}

const noWarnings: readonly BillingWarning[] = Object.freeze([]);

/** A fresh result from what a void kept; its `raw` is the provider's answer to the void. */
function voidResultFrom(
  kept: KeptVoid,
  state: MemoryState,
  warnings: BillingWarning[],
  replayed: boolean,
): VoidInvoiceResult {
  const { flavor } = state;
  // A Chargebee invoice lists its credit notes, which no longer change once it is void.
  const credits = flavor.name === 'chargebee' ? state.creditNotes.creditsOf(kept.invoice.id) : undefined;
  const invoice = toInvoice(kept.invoice, flavor, credits);
  const creditNote = kept.creditNote === null ? null : toCreditNote(kept.creditNote, flavor);
  return {
    invoice,
    balanceReturned:
      kept.balanceReturned === null ? null : { amount: kept.balanceReturned, currency: invoice.currency },
    creditNote,
    warnings,
    replayed,
    raw: renderVoidResponseRaw(flavor, invoice.raw, creditNote?.raw ?? null),
  };
}

/**
 * A void's idempotent replay: the record keeps the call's `KeptVoid` (frozen parts shared, nothing
 * copied: one small object per void), and each replay is a fresh result rebuilt from it.
 */
export function voidResultReplay(state: MemoryState) {
  const restore = (stored: unknown): VoidInvoiceResult => {
    const kept = stored as KeptVoid;
    return voidResultFrom(
      kept,
      state,
      kept.warnings.map((warning) => ({ ...warning })),
      true,
    );
  };
  /** The options for one call; `kept` reads what its `voidForProvider` made (operate asks right after it). */
  return (kept: () => KeptVoid | undefined): ReplayOptions<VoidInvoiceResult> => ({
    snapshot: kept,
    restore,
  });
}
