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
  reason?: string | null;
  memo?: string | null;
  metadata?: Record<string, string> | null;
  created?: number;
}

export interface StripeCustomerObject {
  id: string;
  deleted?: boolean;
  balance?: number;
  currency?: string | null;
  invoice_credit_balance?: Record<string, number> | null;
}

/** An expandable field's id. */
export function expandableId(value: StripeExpandable): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** Unix seconds to ISO 8601, exactly as `new Date(seconds * 1000).toISOString()`. */
export function isoFromUnix(seconds: number | null | undefined): string | null {
  if (typeof seconds !== 'number') return null;
  // Whole seconds in years 1970–9999 (every Stripe timestamp) are formatted with integer
  // arithmetic: Date#toISOString costs ~1–2 µs on Node 20 and an invoice has two timestamps.
  if (!Number.isInteger(seconds) || seconds < 0 || seconds >= MAX_FAST_ISO_SECONDS) {
    return new Date(seconds * 1000).toISOString();
  }
  const days = Math.floor(seconds / 86_400);
  const secondOfDay = seconds - days * 86_400;
  // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3_600);
  const minute = Math.floor((secondOfDay % 3_600) / 60);
  return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(secondOfDay % 60)}.000Z`;
}

/** 10000-01-01T00:00:00Z: from here on `toISOString` writes six-digit years. */
const MAX_FAST_ISO_SECONDS = 253_402_300_800;

function two(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}
