import Stripe from 'stripe';
import { STRIPE_PLATFORM_ACCOUNT } from '../../packages/emulator/src/stripe/authenticate-stripe-request.js';
import { useSchemaCheckedEmulator } from '../../packages/emulator/test/support/use-schema-checked-emulator.js';
import { describeAdapterFaultMatrix } from './describe-adapter-fault-matrix.js';
import { emulatorFaultSource } from './emulator-fault-source.js';
import { matrixStripeProvider } from './matrix-adapters.js';

/**
 * The fault matrix over real sockets: billbridge's Stripe adapter → stripe-node → the emulator,
 * whose control API injects each row's fault on the void (a real connection reset, a real
 * timeout, Stripe's own error bodies). Same rows and expectations as the nock run
 * (fault-matrix-stripe.test.ts); every answer the emulator gives is judged by Stripe's schema.
 */
const KEY = 'sk_test_billbridgeFaultMatrixOverEmulator';
const emulator = useSchemaCheckedEmulator();

describeAdapterFaultMatrix({
  provider: 'stripe',
  label: 'Stripe adapter over stripe-node',
  keyHeader: 'Idempotency-Key',
  source: emulatorFaultSource(
    {
      provider: 'stripe',
      account: STRIPE_PLATFORM_ACCOUNT,
      voidPath: (id) => `/v1/invoices/${id}/void`,
      async seedOpenInvoice(running, credit) {
        const stripe = new Stripe(KEY, { ...running.stripe, maxNetworkRetries: 0 });
        const customer = await stripe.customers.create({ balance: -credit });
        await stripe.invoiceItems.create({ customer: customer.id, amount: 2_000, currency: 'usd' });
        const draft = await stripe.invoices.create({
          customer: customer.id,
          auto_advance: false,
          pending_invoice_items_behavior: 'include',
        });
        const invoice = await stripe.invoices.finalizeInvoice(draft.id);
        return { invoiceId: invoice.id, customerId: customer.id };
      },
      makeProvider: (running) => matrixStripeProvider(KEY, running.url),
    },
    emulator,
  ),
});
