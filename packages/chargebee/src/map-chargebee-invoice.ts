import { type Invoice, money, unixSecondsToIso } from '@billbridge/core';
import type { Invoice as ChargebeeInvoice } from 'chargebee';
import { mapChargebeeInvoiceStatus } from './chargebee-invoice-status.js';
import { promotionalCreditsApplied } from './promotional-credits-applied.js';

/** Invoice statuses with money still due: a credit note can cover what is due. */
const UNPAID_STATUSES: ReadonlySet<string> = new Set(['payment_due', 'posted', 'not_paid']);

/** The total of the credit notes in `notes` that are not voided. */
function creditedBy(notes: readonly { cn_status?: string; cn_total?: number }[] | undefined): number {
  if (notes === undefined) return 0;
  let credited = 0;
  for (const note of notes) {
    if (note.cn_status !== 'voided') credited += note.cn_total ?? 0;
  }
  return credited;
}

/**
 * Normalizes a Chargebee invoice. Amounts are already integer minor units in Chargebee.
 *
 * - `total` is what the invoice was for before customer credit: Chargebee's `total` plus the
 *   promotional credits applied to it (Chargebee books those as a discount, so its own `total` is
 *   after them). That is the meaning `total` has for Stripe and the memory provider.
 * - `appliedBalance` is the promotional credits applied (`discounts[]` of type
 *   `promotional_credits`), `null` when none.
 * - `amountCredited` sums the credit notes issued against the invoice that are not voided
 *   (`adjustment_credit_notes[]` and `issued_credit_notes[]`, `cn_total`).
 */
export function mapChargebeeInvoice(raw: ChargebeeInvoice): Invoice {
  const currency = raw.currency_code.toLowerCase();
  const promotional = promotionalCreditsApplied(raw);
  const credited = creditedBy(raw.adjustment_credit_notes) + creditedBy(raw.issued_credit_notes);
  return {
    id: raw.id,
    provider: 'chargebee',
    customerId: raw.customer_id,
    subscriptionId: raw.subscription_id ?? null,
    status: mapChargebeeInvoiceStatus(raw.status),
    providerStatus: raw.status,
    currency,
    total: money((raw.total ?? 0) + promotional, currency),
    amountDue: money(raw.amount_due ?? 0, currency),
    amountPaid: money(raw.amount_paid ?? 0, currency),
    appliedBalance: promotional > 0 ? money(promotional, currency) : null,
    amountCredited: money(credited, currency),
    // Promotional credits are a discount in Chargebee: a credit note can cover at most `total` (which
    // excludes them) less what was credited; on an unpaid invoice, what is due.
    amountCreditable: money(
      raw.status === 'paid'
        ? Math.max(0, (raw.total ?? 0) - credited)
        : UNPAID_STATUSES.has(raw.status)
          ? (raw.amount_due ?? 0)
          : 0,
      currency,
    ),
    voidReasonCode: raw.void_reason_code ?? null,
    metadata: {},
    createdAt: unixSecondsToIso(raw.date ?? raw.generated_at) ?? new Date(0).toISOString(),
    voidedAt: unixSecondsToIso(raw.voided_at),
    raw,
  };
}
