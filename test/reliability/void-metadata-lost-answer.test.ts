import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createBillingClient } from '../../packages/core/src/index.js';
import { useSchemaCheckedEmulator } from '../../packages/emulator/test/support/use-schema-checked-emulator.js';
import { createStripeProvider } from '../../packages/stripe/src/index.js';

/**
 * Stripe has no void reason: the adapter writes it as invoice metadata after the void. When that
 * write's answer is lost after it was made, the invoice read back says whether it was; until
 * 2026-12-07 the void reported `reason_not_recorded` while the keys were on the invoice.
 */
const emulator = useSchemaCheckedEmulator();

describe('a void’s reason written as metadata, the write’s answer lost', () => {
  it('reads the invoice back and reports the reason recorded, as it is', async () => {
    const key = 'sk_test_voidMetadataLostAnswer';
    const stripe = new Stripe(key, { ...emulator.stripe, maxNetworkRetries: 0 });
    const customer = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1_000, currency: 'usd' });
    const draft = await stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
    });
    const invoice = await stripe.invoices.finalizeInvoice(draft.id);
    // stripe-node retries a reset once on its own: both attempts of the write lose their answer.
    const fault = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/v1/invoices/:id', reset: 'after', times: 2 }),
    });
    expect(fault.status).toBeLessThan(300);
    const billing = createBillingClient({
      provider: createStripeProvider({ apiKey: key, apiBase: emulator.url }),
    });
    const result = await billing.voidInvoice(invoice.id, {
      reasonCode: 'duplicate',
      comment: 'raised twice',
    });
    expect(result.invoice).toMatchObject({ status: 'void', voidReasonCode: 'duplicate' });
    expect(result.warnings.map((warning) => warning.code)).toEqual(['recorded_as_metadata']);
    expect((await billing.getInvoice(invoice.id)).metadata).toEqual(result.invoice.metadata);
  });
});
