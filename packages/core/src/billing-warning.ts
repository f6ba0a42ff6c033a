import * as z from 'zod';

/** Something the caller should know that did not stop the call. */
export const billingWarningSchema = z.object({
  code: z.enum([
    'reason_not_recorded',
    'comment_not_recorded',
    'recorded_as_metadata',
    'reconciled',
    'idempotent_replay',
  ]),
  message: z.string(),
});
/**
 * Something the caller should know that did not stop the call: a `code` (e.g. `reason_not_recorded`,
 * `idempotent_replay`) and a readable message.
 */
export type BillingWarning = z.infer<typeof billingWarningSchema>;
