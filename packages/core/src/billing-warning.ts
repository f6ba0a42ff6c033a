import { z } from 'zod';

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
export type BillingWarning = z.infer<typeof billingWarningSchema>;
