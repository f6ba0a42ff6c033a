import { startEmulator } from '@billbridge/emulator';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { openStripeInvoice } from '../support/schema-checked-emulator.js';

/**
 * An emulator started at an older default version answers each request at the version it names:
 * the rules that differ by version (here: mixed credit notes, basil on) follow the request, not the
 * account's default.
 */
const KEY = 'sk_test_emulatorRequestVersionRules';

describe('rules by the request’s Stripe version', () => {
  it('goes by the request’s version, not the account’s: an emulator started at 2019-11-05 takes a mixed note sent at today’s', async () => {
    const started = await startEmulator({ stripe: { apiVersion: '2019-11-05' } });
    try {
      const stripe = new Stripe(KEY, { ...started.stripe, maxNetworkRetries: 0 });
      const customer = await stripe.customers.create({ balance: -1000 });
      const open = await openStripeInvoice(stripe, customer.id, 3000);
      const note = await stripe.creditNotes.create({ invoice: open.id, amount: 2500, credit_amount: 500 });
      expect(note).toMatchObject({ amount: 2500, type: 'mixed', pre_payment_amount: 2000 });
    } finally {
      await started.close();
    }
  });
});
