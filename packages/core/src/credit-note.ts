import { z } from 'zod';
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
export type CreditNoteReason = z.infer<typeof creditNoteReasonSchema>;

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
    const parts = [input.creditAmount, input.refundAmount, input.outOfBandAmount].filter(
      (part): part is number => part !== undefined,
    );
    if (parts.length > 0 && input.amount !== undefined) {
      const sum = parts.reduce((a, b) => a + b, 0);
      if (sum !== input.amount) {
        context.addIssue({
          code: 'custom',
          path: ['amount'],
          message: `must equal creditAmount + refundAmount + outOfBandAmount (${sum})`,
        });
      }
    }
  });

export type CreateCreditNoteInput = z.input<typeof createCreditNoteInputSchema>;

export const voidCreditNoteOptionsSchema = z.strictObject({
  comment: z.string().max(300, 'must be at most 300 characters').optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
  signal: requestSignalSchema.optional(),
});
export type VoidCreditNoteOptions = z.input<typeof voidCreditNoteOptionsSchema>;

export const listCreditNotesInputSchema = z.strictObject({
  invoiceId: providerIdSchema,
  signal: requestSignalSchema.optional(),
});
export type ListCreditNotesInput = z.input<typeof listCreditNotesInputSchema>;

/**
 * `adjustment`: reduces what is due on an unpaid invoice. `refund`: money back to the payment
 * method (or, with only an out-of-band amount, settled outside the provider). `credit`: added to
 * the customer's balance. `mixed`: more than one of these.
 */
export const creditNoteKindSchema = z.enum(['adjustment', 'refund', 'credit', 'mixed']);
export type CreditNoteKind = z.infer<typeof creditNoteKindSchema>;

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

export type CreditNote = z.infer<typeof creditNoteSchema>;
