import {
  AbortedError,
  type BillingClient,
  BillingError,
  type CreditNote,
  creditNoteMadeByVoid,
  type Invoice,
  InvoiceNotVoidableError,
  RateLimitError,
} from '@billbridge/core';
import type { BulkJournalStore, BulkWorkItem } from './bulk-engine.js';
import type { BulkInvoiceRecord } from './bulk-records.js';
import type { BulkVoidOptions, JournalOutcomeRecord } from './journal-records.js';

/**
 * What became of one item: journaled (`done`), to be tried again later (`requeue`: rate limited), or
 * not sent because the run stopped while the void waited for its token (`stopped`). The last two
 * journal a `failed` outcome that is not final (`not_executed`): the next attempt sends the void
 * with the same key, with no reconciling read, unless this attempt was itself reconciling an
 * earlier void in doubt (then it reconciles again: `JournalItemState`'s `reconcile`).
 */
export type VoidItemResult =
  | { result: 'done'; record: BulkInvoiceRecord }
  | { result: 'requeue' }
  | { result: 'stopped' };

/** What `voidOneInvoice` needs. */
export interface VoidOneInvoiceContext {
  client: BillingClient;
  journal: BulkJournalStore;
  void: BulkVoidOptions;
  /** Whether a rate-limited item may be tried again later (else it is journaled as failed). */
  mayRequeue: boolean;
  now: () => Date;
}

/**
 * How far the provider's clock may be behind ours: a void stamped up to this long before the job's
 * first intent for the invoice still counts as the job's own (see `voidOneInvoice`).
 */
export const CLOCK_SKEW_MS = 60_000;

/**
 * How long a provider surely still holds the answer to an idempotency key: the shortest documented
 * retention (Chargebee's API reference, apidocs.chargebee.com/docs/api/v1/idempotency: 30 minutes;
 * Stripe keeps 24 hours). Within it, a refusal `already_void` to the job's own key is the provider's
 * word that the job's void did not happen (DESIGN §8: a repeated void with the same key returns
 * the same result), so the invoice was voided by someone else — however close in time.
 */
export const IDEMPOTENCY_RETENTION_MS = 30 * 60_000;

/**
 * Works one item of a job, exactly once in effect. A done item is skipped. An item in doubt (an
 * intent without an outcome, or a failure whose outcome is unknown) is reconciled by reading the
 * invoice first: not void → the void is sent (again) with the same idempotency key; void → the void
 * is sent again with the same key to learn whose it was: the provider answers from its idempotency
 * record (the job's void, journaled `voided`, `reconciled`), or refuses `already_void` — then
 * someone else's (`refused`) while the provider surely still holds the key
 * (`IDEMPOTENCY_RETENTION_MS` since the job's first intent for it); after that, the job's void only
 * if the invoice was voided after that first intent (less `CLOCK_SKEW_MS`). A void the provider
 * never answered, which the client reconciled by reading the invoice (warning `reconciled`), counts
 * as the job's only if the invoice was voided after that first intent (less `CLOCK_SKEW_MS`), else
 * `refused` `already_void`. Every call is preceded by a journaled intent and followed by a
 * journaled outcome.
 */
export async function voidOneInvoice(
  item: BulkWorkItem,
  context: VoidOneInvoiceContext,
): Promise<VoidItemResult> {
  const prior = await context.journal.lookup(item.invoiceId);
  if (prior.state === 'done') {
    return { result: 'done', record: skippedRecord(prior.outcome) };
  }
  if (
    prior.state === 'in_doubt' ||
    (prior.state === 'failed' && (prior.reconcile || prior.outcome.error?.outcome === 'unknown'))
  ) {
    let invoice: Invoice;
    try {
      invoice = await context.client.getInvoice(item.invoiceId);
    } catch (error) {
      // Still in doubt: the next run reconciles again.
      return journal(item, context, { status: 'failed', error: { ...errorOf(error), outcome: 'unknown' } });
    }
    if (invoice.status === 'void') return sendVoid(item, context, { invoice, since: prior.firstIntentAt });
  }
  return sendVoid(item, context, undefined, 'firstIntentAt' in prior ? prior.firstIntentAt : undefined);
}

async function sendVoid(
  item: BulkWorkItem,
  context: VoidOneInvoiceContext,
  alreadyVoid?: { invoice: Invoice; since: string },
  firstIntentAt?: string,
): Promise<VoidItemResult> {
  const at = context.now().toISOString();
  await context.journal.appendIntent({
    type: 'intent',
    invoiceId: item.invoiceId,
    idempotencyKey: item.idempotencyKey,
    at,
    ...(alreadyVoid ? { reconciling: true as const } : {}),
  });
  try {
    const result = await context.client.voidInvoice(item.invoiceId, {
      idempotencyKey: item.idempotencyKey,
      appliedBalance: context.void.appliedBalance,
      ...(context.void.reasonCode !== undefined ? { reasonCode: context.void.reasonCode } : {}),
      ...(context.void.comment !== undefined ? { comment: context.void.comment } : {}),
    });
    // No answer came back at all: the client read the invoice and found it void. Stamped well
    // before the job first meant to void it, that was someone else's void, not the job's.
    const unanswered = result.warnings.some((warning) => warning.code === 'reconciled');
    const since = alreadyVoid?.since ?? firstIntentAt ?? at;
    if (unanswered && voidedBefore(result.invoice, since)) {
      return journal(item, context, { status: 'refused', blockers: ['already_void'] });
    }
    const reconciled = alreadyVoid !== undefined || unanswered;
    return journal(item, context, {
      status: 'voided',
      balanceReturned: result.balanceReturned,
      ...consumed(context.void, result.invoice),
      creditNote: creditNoteOf(result.creditNote),
      ...(result.replayed ? { replayed: true } : {}),
      ...(reconciled ? { reconciled: true } : {}),
    });
  } catch (error) {
    // The run stopped while the void waited for the rate limit: not sent, and journaled so (an
    // intent left without an outcome would look like a crash, whose void may have been sent: a
    // resume would then count someone else's later void as the job's).
    if (stoppedBeforeSending(error)) {
      await context.journal.appendOutcome(
        outcomeRecord(item, context, { status: 'failed', error: errorOf(error) }),
      );
      return { result: 'stopped' };
    }
    if (InvoiceNotVoidableError.isInstance(error)) {
      if (
        alreadyVoid &&
        error.blockers.includes('already_void') &&
        keyForgotten(alreadyVoid, context.now()) &&
        voidedSince(alreadyVoid)
      ) {
        return journal(item, context, await voidedEarlier(alreadyVoid.invoice, context));
      }
      return journal(item, context, { status: 'refused', blockers: [...error.blockers] });
    }
    const failed = { status: 'failed' as const, error: errorOf(error) };
    if (RateLimitError.isInstance(error) && context.mayRequeue) {
      // Not sent (a 429): journaled as failed, so the next attempt needs no reconciling read.
      await context.journal.appendOutcome(outcomeRecord(item, context, failed));
      return { result: 'requeue' };
    }
    return journal(item, context, failed);
  }
}

/** A run's stop caught the request before it was sent (`rateLimitProvider`'s `stopSignal`). */
export function stoppedBeforeSending(error: unknown): boolean {
  return AbortedError.isInstance(error) && error.outcome === 'not_executed';
}

function keyForgotten({ since }: { since: string }, now: Date): boolean {
  return now.getTime() - Date.parse(since) >= IDEMPOTENCY_RETENTION_MS;
}

function voidedSince({ invoice, since }: { invoice: Invoice; since: string }): boolean {
  if (invoice.voidedAt === null) return false;
  return Date.parse(invoice.voidedAt) >= Date.parse(since) - CLOCK_SKEW_MS;
}

/** Stamped void more than `CLOCK_SKEW_MS` before `since` (unknown when it has no stamp). */
function voidedBefore(invoice: Invoice, since: string): boolean {
  return voidedWellBefore(invoice, Date.parse(since));
}

/**
 * Whether `invoice` was stamped void more than `CLOCK_SKEW_MS` before `sinceMs` (epoch ms of this
 * process's clock): then a void whose answer was lost since cannot have been the one that voided
 * it. `false` when it has no stamp. The bulk runner and the CLI's single `void` judge by it.
 */
export function voidedWellBefore(invoice: Pick<Invoice, 'voidedAt'>, sinceMs: number): boolean {
  return invoice.voidedAt !== null && Date.parse(invoice.voidedAt) < sinceMs - CLOCK_SKEW_MS;
}

/** The outcome of a void this job made earlier whose answer was lost, from the invoice as read. */
async function voidedEarlier(invoice: Invoice, context: VoidOneInvoiceContext) {
  return {
    status: 'voided' as const,
    reconciled: true,
    balanceReturned: context.void.appliedBalance === 'return' ? positive(invoice.appliedBalance) : null,
    ...consumed(context.void, invoice),
    creditNote: await voidCreditNote(invoice, context.client),
  };
}

async function journal(
  item: BulkWorkItem,
  context: VoidOneInvoiceContext,
  fields: Omit<JournalOutcomeRecord, 'type' | 'invoiceId' | 'idempotencyKey' | 'at'>,
): Promise<VoidItemResult> {
  const outcome = outcomeRecord(item, context, fields);
  await context.journal.appendOutcome(outcome);
  return { result: 'done', record: invoiceRecord(outcome, context.void) };
}

/** The credit note a void made, for a provider that makes one (Chargebee's site setting). */
async function voidCreditNote(invoice: Invoice, client: BillingClient) {
  if (!client.capabilities.voidInvoice.creditNoteOnVoid) return null;
  try {
    return creditNoteOf(creditNoteMadeByVoid(await client.listCreditNotes({ invoiceId: invoice.id })));
  } catch {
    return null;
  }
}

function consumed(options: BulkVoidOptions, invoice: Invoice) {
  return options.appliedBalance === 'consume' ? { balanceConsumed: positive(invoice.appliedBalance) } : {};
}

function positive(money: Invoice['appliedBalance']) {
  return money && money.amount > 0 ? money : null;
}

function creditNoteOf(note: CreditNote | null) {
  return note ? { id: note.id, total: note.total } : null;
}

function errorOf(error: unknown): NonNullable<JournalOutcomeRecord['error']> {
  if (BillingError.isInstance(error)) {
    return { code: error.code, message: error.message, outcome: error.outcome };
  }
  return {
    code: 'internal',
    message: error instanceof Error ? error.message : String(error),
    outcome: 'unknown',
  };
}

function outcomeRecord(
  item: BulkWorkItem,
  context: VoidOneInvoiceContext,
  fields: Omit<JournalOutcomeRecord, 'type' | 'invoiceId' | 'idempotencyKey' | 'at'>,
): JournalOutcomeRecord {
  return {
    type: 'outcome',
    invoiceId: item.invoiceId,
    idempotencyKey: item.idempotencyKey,
    at: context.now().toISOString(),
    ...fields,
  };
}

/** The output record of a journaled outcome. */
export function invoiceRecord(outcome: JournalOutcomeRecord, options: BulkVoidOptions): BulkInvoiceRecord {
  const record: BulkInvoiceRecord = { type: 'invoice', invoiceId: outcome.invoiceId, status: outcome.status };
  if (outcome.blockers) record.blockers = outcome.blockers;
  if (outcome.status === 'voided') {
    record.balanceReturned = outcome.balanceReturned ?? null;
    if (options.appliedBalance === 'consume') record.balanceConsumed = outcome.balanceConsumed ?? null;
    record.creditNote = outcome.creditNote ?? null;
  }
  if (outcome.error) record.error = { code: outcome.error.code, message: outcome.error.message };
  if (outcome.reconciled) record.reconciled = true;
  if (outcome.replayed) record.replayed = true;
  return record;
}

/** The output record of an item done in an earlier run. */
export function skippedRecord(outcome: JournalOutcomeRecord): BulkInvoiceRecord {
  const record: BulkInvoiceRecord = {
    type: 'invoice',
    invoiceId: outcome.invoiceId,
    status: 'skipped',
    previousStatus: outcome.status === 'refused' ? 'refused' : 'voided',
  };
  if (outcome.blockers) record.blockers = outcome.blockers;
  if (outcome.status === 'voided') {
    record.balanceReturned = outcome.balanceReturned ?? null;
    if (outcome.balanceConsumed !== undefined) record.balanceConsumed = outcome.balanceConsumed;
    record.creditNote = outcome.creditNote ?? null;
  }
  return record;
}
