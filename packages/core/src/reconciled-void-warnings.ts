import type { BillingWarning } from './billing-warning.js';
import type { Capabilities } from './capabilities.js';
import type { Invoice } from './invoice.js';

/**
 * What a reconciled void may have left unrecorded (beyond what `textWarnings` said already): the
 * reason code when the invoice read back does not carry it, and a comment kept as metadata when no
 * metadata value is it (Stripe's adapter writes both after the void, which a lost answer may have
 * cut off). A native comment (Chargebee) goes with the void request and cannot be checked here.
 */
export function unrecordedText(
  invoice: Invoice,
  request: { reasonCode?: string | undefined; comment?: string | undefined },
  handling: Capabilities['voidInvoice'],
): BillingWarning[] {
  const warnings: BillingWarning[] = [];
  const { reasonCode, comment } = request;
  if (reasonCode !== undefined && handling.reasonCode !== 'none' && invoice.voidReasonCode !== reasonCode) {
    warnings.push({
      code: 'reason_not_recorded',
      message: `the invoice read back has no void reason code ${JSON.stringify(reasonCode)}: it was not recorded`,
    });
  }
  if (
    comment !== undefined &&
    handling.comment === 'metadata' &&
    !Object.values(invoice.metadata).includes(comment)
  ) {
    warnings.push({
      code: 'comment_not_recorded',
      message: 'the invoice read back does not carry the void comment: it was not recorded',
    });
  }
  return warnings;
}
