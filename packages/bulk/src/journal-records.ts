import { moneySchema, voidBlockerSchema } from '@billbridge/core';
import * as z from 'zod';

/** The void options a job runs with; fixed for the job, since its idempotency keys are. */
export const bulkVoidOptionsSchema = z.strictObject({
  appliedBalance: z.enum(['return', 'consume']).default('return'),
  reasonCode: z.string().min(1, 'must not be empty').max(100).optional(),
  // Not empty, as the client's `voidInvoice` (Stripe unsets a metadata key posted empty).
  comment: z.string().min(1, 'must not be empty').max(300).optional(),
});
/** Input of `bulkVoidOptionsSchema`. */
export type BulkVoidOptionsInput = z.input<typeof bulkVoidOptionsSchema>;
/** The void options of a job, defaults applied. */
export type BulkVoidOptions = z.output<typeof bulkVoidOptionsSchema>;

/** The first record of a journal: what the job is. Written once. */
export const journalJobRecordSchema = z.object({
  type: z.literal('job'),
  version: z.literal(1),
  jobId: z.string(),
  createdAt: z.string(),
  /** `stripe`, `chargebee`, `memory`. */
  provider: z.string(),
  /** Which account the job runs against (provider, mode, a short key fingerprint, base URL); never a key. */
  account: z.string(),
  input: z.object({ count: z.int(), sha256: z.string() }),
  void: bulkVoidOptionsSchema,
});
/** See `journalJobRecordSchema`. */
export type JournalJobRecord = z.infer<typeof journalJobRecordSchema>;

/** A run of the job started (the first one, or a `--resume`). */
export const journalRunRecordSchema = z.object({
  type: z.literal('run'),
  at: z.string(),
  resume: z.boolean(),
  pid: z.int(),
});
/** See `journalRunRecordSchema`. */
export type JournalRunRecord = z.infer<typeof journalRunRecordSchema>;

/** Written and flushed before a void is sent. */
export const journalIntentRecordSchema = z.object({
  type: z.literal('intent'),
  invoiceId: z.string(),
  idempotencyKey: z.string(),
  at: z.string(),
  /**
   * This void is sent to learn whose an earlier void was: the invoice read back was void while
   * the job's earlier void was in doubt. Not sent (a 429, a stop), the next attempt reconciles again.
   */
  reconciling: z.literal(true).optional(),
});
/** See `journalIntentRecordSchema`. */
export type JournalIntentRecord = z.infer<typeof journalIntentRecordSchema>;

/** A credit note the void created (Chargebee "Void invoices with credit note"). */
export const journalCreditNoteSchema = z.object({ id: z.string(), total: moneySchema });

/** Written after the void answered (or was reconciled by reading the invoice). */
export const journalOutcomeRecordSchema = z.object({
  type: z.literal('outcome'),
  invoiceId: z.string(),
  idempotencyKey: z.string(),
  at: z.string(),
  /** `voided` and `refused` are final; a `failed` item is tried again by `--resume`. */
  status: z.enum(['voided', 'refused', 'failed']),
  blockers: z.array(voidBlockerSchema).optional(),
  balanceReturned: moneySchema.nullable().optional(),
  /** With `appliedBalance: 'consume'`: the applied credit the void consumed. */
  balanceConsumed: moneySchema.nullable().optional(),
  creditNote: journalCreditNoteSchema.nullable().optional(),
  /** The void's answer was lost and the invoice was read back instead. */
  reconciled: z.boolean().optional(),
  /** The provider answered from its idempotency record (a void sent before). */
  replayed: z.boolean().optional(),
  error: z.object({ code: z.string(), message: z.string(), outcome: z.string() }).optional(),
});
/** See `journalOutcomeRecordSchema`. */
export type JournalOutcomeRecord = z.infer<typeof journalOutcomeRecordSchema>;

/**
 * An outcome journaled for a void a stop caught while it waited for the rate limit: never sent,
 * so the invoice is pending (not failed) in every summary, the JSONL run's and `bulk-status`'s.
 */
export function stoppedBeforeSent(outcome: JournalOutcomeRecord): boolean {
  return outcome.error?.code === 'aborted' && outcome.error.outcome === 'not_executed';
}

/** A run stopped: `finished` (nothing left), `interrupted` (SIGINT/SIGTERM; in-flight calls were journaled first). */
export const journalStopRecordSchema = z.object({
  type: z.literal('stop'),
  at: z.string(),
  reason: z.enum(['finished', 'interrupted']),
});
/** See `journalStopRecordSchema`. */
export type JournalStopRecord = z.infer<typeof journalStopRecordSchema>;

/** Any journal line. */
export const journalRecordSchema = z.discriminatedUnion('type', [
  journalJobRecordSchema,
  journalRunRecordSchema,
  journalIntentRecordSchema,
  journalOutcomeRecordSchema,
  journalStopRecordSchema,
]);
/** See `journalRecordSchema`. */
export type JournalRecord = z.infer<typeof journalRecordSchema>;
