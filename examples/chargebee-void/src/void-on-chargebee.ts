import { createChargebeeProvider } from '@billbridge/chargebee';
import { createBillingClient, isBillingError } from '@billbridge/core';
import { formatMoney } from './format-money.js';

export interface ExampleEnv {
  CHARGEBEE_SITE?: string;
  CHARGEBEE_API_KEY?: string;
  CHARGEBEE_INVOICE_ID?: string;
  CHARGEBEE_VOID_REASON_CODE?: string;
  CHARGEBEE_VOID_COMMENT?: string;
  /** `true` when the site has "Void invoices with credit note" on. */
  CHARGEBEE_VOID_CREATES_CREDIT_NOTE?: string;
  /** Set to `yes` to allow a site whose name does not end in `-test`. */
  CHARGEBEE_ALLOW_NON_TEST_SITE?: string;
}

const usage = [
  'This example voids one invoice on a Chargebee TEST site through billbridge.',
  '',
  'Set:',
  '  CHARGEBEE_SITE        your test site, e.g. acme-test (https://acme-test.chargebee.com)',
  '  CHARGEBEE_API_KEY     a full-access API key of that site (never printed)',
  '  CHARGEBEE_INVOICE_ID  an invoice in payment_due, posted or not_paid',
  'Optional:',
  '  CHARGEBEE_VOID_REASON_CODE          a void reason code configured on the site',
  '  CHARGEBEE_VOID_COMMENT              a comment (≤ 300 characters)',
  '  CHARGEBEE_VOID_CREATES_CREDIT_NOTE  true if "Void invoices with credit note" is on',
  '',
  'It reads the invoice first and names what blocks a void; only a voidable invoice is voided.',
];

/**
 * Runs the example and returns its exit code. Without the settings it explains itself and exits 0
 * without any request.
 */
export async function voidOnChargebee(env: ExampleEnv, log: (line: string) => void): Promise<number> {
  const site = env.CHARGEBEE_SITE;
  const apiKey = env.CHARGEBEE_API_KEY;
  const invoiceId = env.CHARGEBEE_INVOICE_ID;
  if (!site || !apiKey || !invoiceId) {
    for (const line of usage) log(line);
    log('');
    log(
      `Missing: ${[!site && 'CHARGEBEE_SITE', !apiKey && 'CHARGEBEE_API_KEY', !invoiceId && 'CHARGEBEE_INVOICE_ID'].filter(Boolean).join(', ')}. Nothing was sent.`,
    );
    return 0;
  }
  if (!site.endsWith('-test') && env.CHARGEBEE_ALLOW_NON_TEST_SITE !== 'yes') {
    log(`Refusing: "${site}" does not look like a test site (its name should end in -test).`);
    log('Set CHARGEBEE_ALLOW_NON_TEST_SITE=yes if you really mean it. Nothing was sent.');
    return 1;
  }
  const billing = createBillingClient({
    provider: createChargebeeProvider({
      site,
      apiKey,
      voidCreatesCreditNote: env.CHARGEBEE_VOID_CREATES_CREDIT_NOTE === 'true',
    }),
  });
  try {
    const { voidable, blockers, invoice } = await billing.checkVoidable(invoiceId);
    log(
      `Invoice ${invoice.id}: ${invoice.providerStatus} (${invoice.status}), total ${formatMoney(invoice.total)}, promotional credits applied ${formatMoney(invoice.appliedBalance)}, due ${formatMoney(invoice.amountDue)}`,
    );
    if (!voidable) {
      log(`Not voidable: ${blockers.join(', ')}. Nothing was voided.`);
      return 1;
    }
    const result = await billing.voidInvoice(invoiceId, {
      ...(env.CHARGEBEE_VOID_REASON_CODE ? { reasonCode: env.CHARGEBEE_VOID_REASON_CODE } : {}),
      ...(env.CHARGEBEE_VOID_COMMENT ? { comment: env.CHARGEBEE_VOID_COMMENT } : {}),
    });
    log(
      `Voided: status ${result.invoice.providerStatus}, reason code ${result.invoice.voidReasonCode ?? '—'}`,
    );
    log(
      `Promotional credits returned to ${result.invoice.customerId}: ${formatMoney(result.balanceReturned)}`,
    );
    log(
      result.creditNote
        ? `Credit note made by the void: ${result.creditNote.id} (${result.creditNote.kind}, ${formatMoney(result.creditNote.total)})`
        : 'No credit note was made by the void.',
    );
    return 0;
  } catch (error) {
    // billbridge errors never carry the API key; print the class, code and message.
    if (isBillingError(error)) log(`Failed: ${error.name} (${error.code}): ${error.message}`);
    else log(`Failed: ${String(error)}`);
    return 1;
  }
}
