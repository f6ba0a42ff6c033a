import * as z from 'zod';

/** Why an invoice cannot be voided (DESIGN §3.4). A closed union. */
export const voidBlockerSchema = z.enum([
  'already_void',
  'paid',
  'draft',
  'has_payments',
  'has_adjustments',
  'has_refunded_credits',
  'has_taxes_withheld',
]);

/**
 * Why an invoice cannot be voided (`already_void`, `paid`, `draft`, `has_payments`, …): a closed union
 * (DESIGN §3.4).
 */
export type VoidBlocker = z.infer<typeof voidBlockerSchema>;
