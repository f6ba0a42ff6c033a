import Chargebee from 'chargebee';
import { CHARGEBEE_DEFAULT_SITE } from '../../packages/emulator/src/index.js';
import { useSchemaCheckedEmulator } from '../../packages/emulator/test/support/use-schema-checked-emulator.js';
import { describeAdapterFaultMatrix } from './describe-adapter-fault-matrix.js';
import { emulatorFaultSource } from './emulator-fault-source.js';
import { matrixChargebeeProvider } from './matrix-adapters.js';

/**
 * The fault matrix over real sockets: billbridge's Chargebee adapter → chargebee v3 (fetch) → the
 * emulator, whose control API injects each row's fault on the void (a real connection reset, a
 * real timeout, Chargebee's own error bodies; the lock row is Chargebee's 429 `lock_timeout`, see
 * emulator-fault-rule.ts). Same rows and expectations as the nock run
 * (fault-matrix-chargebee.test.ts); every answer is judged by Chargebee's schemas.
 */
const KEY = 'test_billbridgeFaultMatrixOverEmulator';
const emulator = useSchemaCheckedEmulator();

describeAdapterFaultMatrix({
  provider: 'chargebee',
  label: 'Chargebee adapter over chargebee v3 (fetch)',
  keyHeader: 'chargebee-idempotency-key',
  source: emulatorFaultSource(
    {
      provider: 'chargebee',
      account: CHARGEBEE_DEFAULT_SITE,
      voidPath: (id) => `/api/v2/invoices/${id}/void`,
      async seedOpenInvoice(running, credit) {
        const chargebee = new Chargebee({
          ...running.chargebee,
          apiKey: KEY,
          retryConfig: { enabled: false },
        });
        const { customer } = await chargebee.customer.create({
          first_name: 'Ada',
          preferred_currency_code: 'USD',
        });
        await chargebee.promotionalCredit.add({
          customer_id: customer.id,
          amount: credit,
          description: 'fault matrix',
        });
        const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
          customer_id: customer.id,
          charges: [{ amount: 2_000, description: 'Fault matrix charge' }],
        });
        return { invoiceId: invoice.id, customerId: customer.id };
      },
      makeProvider: (running) => matrixChargebeeProvider(CHARGEBEE_DEFAULT_SITE, KEY, running.url),
    },
    emulator,
  ),
});
