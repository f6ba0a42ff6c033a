/**
 * Voids one invoice on a Stripe **test** account through billbridge.
 *
 *   STRIPE_SECRET_KEY=sk_test_… pnpm --filter @billbridge/example-stripe-void start in_123
 *   (or STRIPE_INVOICE_ID=in_123; optional STRIPE_API_VERSION=2019-11-05)
 *
 * Without a key it explains itself and exits 0. Live keys are refused: this example changes data.
 */
import { pathToFileURL } from 'node:url';
import { createBillingClient, isBillingError } from '@billbridge/core';
import { createStripeProvider } from '@billbridge/stripe';

export interface ExampleIo {
  log: (line: string) => void;
  error: (line: string) => void;
}

const usage = [
  'billbridge example: void a Stripe invoice (test mode only).',
  '',
  '  STRIPE_SECRET_KEY=sk_test_… tsx --conditions=source examples/stripe-void/src/main.ts <invoice id>',
  '',
  'The invoice must be open or uncollectible. Customer credit applied to it is given back',
  '(appliedBalance "return"); the reason code is recorded as invoice metadata.',
  'Optional: STRIPE_INVOICE_ID instead of the argument, STRIPE_API_VERSION to pin the API version.',
];

export async function main(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: ExampleIo = { log: console.log, error: console.error },
): Promise<number> {
  const apiKey = env.STRIPE_SECRET_KEY?.trim();
  const invoiceId = argv[0] ?? env.STRIPE_INVOICE_ID;
  if (!apiKey) {
    for (const line of [...usage, '', 'STRIPE_SECRET_KEY is not set: nothing to do.']) io.log(line);
    return 0;
  }
  if (/^(sk|rk)_live_/.test(apiKey)) {
    io.error('Refusing a live key: this example voids invoices. Use a test key (sk_test_…).');
    return 1;
  }
  if (!/^(sk|rk)_test_/.test(apiKey)) {
    io.error('STRIPE_SECRET_KEY does not look like a Stripe test key (sk_test_… or rk_test_…).');
    return 1;
  }
  if (!invoiceId) {
    for (const line of [...usage, '', 'No invoice id given: nothing to do.']) io.log(line);
    return 0;
  }
  const billing = createBillingClient({
    provider: createStripeProvider({
      apiKey,
      ...(env.STRIPE_API_VERSION ? { apiVersion: env.STRIPE_API_VERSION } : {}),
    }),
  });
  try {
    const result = await billing.voidInvoice(invoiceId, { reasonCode: 'billbridge-example' });
    const returned = result.balanceReturned;
    io.log(`Voided ${result.invoice.id} (total ${result.invoice.total.amount} ${result.invoice.currency}).`);
    io.log(
      returned
        ? `Customer balance given back: ${returned.amount} ${returned.currency}.`
        : 'No customer balance had been applied to this invoice.',
    );
    for (const warning of result.warnings) io.log(`note: ${warning.message}`);
    return 0;
  } catch (error) {
    if (isBillingError(error)) {
      io.error(`Not voided: ${error.code}: ${error.message}`);
      if ('blockers' in error) io.error(`Blockers: ${(error.blockers as string[]).join(', ')}`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.name : 'unexpected failure');
      process.exitCode = 1;
    },
  );
}
