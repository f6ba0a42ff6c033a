import * as z from 'zod';
import { moneySchema, positiveMinorUnitsSchema } from './money.js';
import { providerIdSchema } from './provider-id.js';
import { idempotencyKeySchema, requestSignalSchema } from './request-options.js';

/** Stripe's credit note reasons; Chargebee takes free-form reason codes instead (`reasonCode`). */
export const creditNoteReasonSchema = z.enum([
  'duplicate',
  'fraudulent',
  'order_change',
  'product_unsatisfactory',
]);
/**
 * The reasons a credit note may give, Stripe's closed list (`duplicate`, `fraudulent`, `order_change`,
 * `product_unsatisfactory`).
 */
export type CreditNoteReason = z.infer<typeof creditNoteReasonSchema>;

/**
 * The strict zod schema of `CreateCreditNoteInput`: amounts are positive integers in minor units, and the
 * parts (credit, refund, out of band) must not exceed the amount.
 */
export const createCreditNoteInputSchema = z
  .strictObject({
    invoiceId: providerIdSchema,
    amount: positiveMinorUnitsSchema.optional(),
    reason: creditNoteReasonSchema.optional(),
    reasonCode: z.string().min(1).max(100, 'must be at most 100 characters').optional(),
    memo: z.string().max(300, 'must be at most 300 characters').optional(),
    creditAmount: positiveMinorUnitsSchema.optional(),
    refundAmount: positiveMinorUnitsSchema.optional(),
    outOfBandAmount: positiveMinorUnitsSchema.optional(),
    idempotencyKey: idempotencyKeySchema.optional(),
    signal: requestSignalSchema.optional(),
  })
  .superRefine((input, context) => {
    // Stripe's rule (POST /v1/credit_notes): a credit note first lowers what is still due on the
    // invoice (`pre_payment_amount`); only the rest (`post_payment_amount`) is settled by refund,
    // customer balance credit and out-of-band amounts, which must add up to it. So the parts may
    // cover less than `amount` (a partly paid invoice), never more; whether the rest fits what is
    // due is the provider's to say, from the invoice's state.
    const parts = [input.creditAmount, input.refundAmount, input.outOfBandAmount].filter(
      (part): part is number => part !== undefined,
    );
    if (parts.length > 0 && input.amount !== undefined) {
      const sum = parts.reduce((a, b) => a + b, 0);
      if (sum > input.amount) {
        context.addIssue({
          code: 'custom',
          path: ['amount'],
          message: `must be at least creditAmount + refundAmount + outOfBandAmount (${sum}); the rest of amount lowers what is due`,
        });
      }
    }
  });

/**
 * The input of `createCreditNote`: the invoice, and either an `amount` or its split into credit / refund
 * / out-of-band parts, all in integer minor units of the invoice's currency.
 */
export type CreateCreditNoteInput = z.input<typeof createCreditNoteInputSchema>;

/** The strict zod schema of `VoidCreditNoteOptions`. */
export const voidCreditNoteOptionsSchema = z.strictObject({
  comment: z.string().max(300, 'must be at most 300 characters').optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
  signal: requestSignalSchema.optional(),
});
/** The options of `voidCreditNote`: a comment (up to 300 characters), an idempotency key, an abort signal. */
export type VoidCreditNoteOptions = z.input<typeof voidCreditNoteOptionsSchema>;

/** The strict zod schema of `ListCreditNotesInput`. */
export const listCreditNotesInputSchema = z.strictObject({
  invoiceId: providerIdSchema,
  signal: requestSignalSchema.optional(),
});
/** The input of `listCreditNotes`: the invoice whose credit notes to list, and an optional abort signal. */
export type ListCreditNotesInput = z.input<typeof listCreditNotesInputSchema>;

/**
 * `adjustment`: reduces what is due on an unpaid invoice. `refund`: money back to the payment
 * method (or, with only an out-of-band amount, settled outside the provider). `credit`: added to
 * the customer's balance. `mixed`: more than one of these.
 */
export const creditNoteKindSchema = z.enum(['adjustment', 'refund', 'credit', 'mixed']);
/** A credit note's kind: `adjustment`, `refund`, `credit` or `mixed` (see `creditNoteKindSchema`). */
export type CreditNoteKind = z.infer<typeof creditNoteKindSchema>;

/**
 * The zod schema of `CreditNote`, the normalized credit note every provider returns (amounts in integer
 * minor units).
 */
export const creditNoteSchema = z.object({
  id: z.string(),
  provider: z.string(),
  invoiceId: z.string(),
  customerId: z.string(),
  kind: creditNoteKindSchema,
  status: z.enum(['issued', 'void']),
  providerStatus: z.string(),
  total: moneySchema,
  /** How the total was settled, in minor units (0 where a part was not used). */
  creditAmount: z.int().min(0),
  refundAmount: z.int().min(0),
  outOfBandAmount: z.int().min(0),
  reason: z.string().nullable(),
  reasonCode: z.string().nullable(),
  memo: z.string().nullable(),
  createdAt: z.string(),
  raw: z.unknown(),
});

/**
 * A credit note as billbridge returns it from every provider: its kind, status, `total` (`Money`) and how
 * that total was settled (`creditAmount`, `refundAmount`, `outOfBandAmount`, integer minor units).
 */
export type CreditNote = z.infer<typeof creditNoteSchema>;
