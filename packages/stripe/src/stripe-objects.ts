/**
 * The fields billbridge reads from Stripe objects. Declared here (instead of the SDK's types,
 * which follow its pinned API version) because responses differ by API version: e.g.
 * `invoice.subscription` (up to 2025) vs `invoice.parent.subscription_details.subscription`.
 */
export type StripeExpandable = string | { id: string } | null | undefined;

export interface StripeInvoiceObject {
  id: string;
  object?: string;
  customer?: StripeExpandable;
  subscription?: StripeExpandable;
  parent?: { subscription_details?: { subscription?: StripeExpandable } | null } | null;
  status?: string | null;
  currency: string;
  total?: number;
  amount_due?: number;
  amount_remaining?: number;
  amount_paid?: number;
  starting_balance?: number | null;
  ending_balance?: number | null;
  pre_payment_credit_notes_amount?: number | null;
  post_payment_credit_notes_amount?: number | null;
  metadata?: Record<string, string> | null;
  created?: number;
  status_transitions?: { voided_at?: number | null } | null;
}

export interface StripeCreditNoteObject {
  id: string;
  invoice?: StripeExpandable;
  customer?: StripeExpandable;
  status?: string;
  type?: string;
  currency: string;
  amount?: number;
  total?: number;
  out_of_band_amount?: number | null;
  customer_balance_transaction?: StripeExpandable;
  refund?: string | { id: string; amount?: number } | null;
  refunds?: { amount_refunded?: number }[] | null;
  pre_payment_amount?: number;
  post_payment_amount?: number;
  reason?: string | null;
  memo?: string | null;
  metadata?: Record<string, string> | null;
  created?: number;
}

export interface StripeCustomerObject {
  id: string;
  deleted?: boolean;
  balance?: number;
  /** `balance` before API version 2019-10-17 (Stripe's changelog: "Renames account_balance to balance"). */
  account_balance?: number;
  currency?: string | null;
  invoice_credit_balance?: Record<string, number> | null;
}

/** An expandable field's id. */
export function expandableId(value: StripeExpandable): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}
