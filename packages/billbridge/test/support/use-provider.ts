// Child-process script of lazy-loading.test.ts: imports `billbridge` by name, creates the client
// for the provider in argv[2] and makes one call, then prints what it got.
import { createBillingClient, createMemoryProvider } from 'billbridge';

const name = process.argv[2] ?? 'memory';
if (name === 'memory') {
  const provider = createMemoryProvider({ flavor: 'stripe' });
  const billing = createBillingClient({ provider: 'memory', env: {} });
  const own = createBillingClient({ provider });
  const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
  const draft = provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] });
  const invoice = provider.finalizeInvoice(draft.id);
  const result = await own.voidInvoice(invoice.id);
  console.log(JSON.stringify({ provider: billing.provider, returned: result.balanceReturned }));
} else {
  // A closed loopback port: the call fails, but only after the adapter and its SDK were loaded.
  const billing = createBillingClient({
    provider: 'stripe',
    stripe: { apiKey: 'sk_test_loadcount', apiBase: 'http://127.0.0.1:9' },
    retry: { maxAttempts: 1 },
  });
  const outcome = await billing.getInvoice('in_1').then(
    () => 'answered',
    (error: { code?: string }) => error.code,
  );
  console.log(JSON.stringify({ provider: billing.provider, outcome }));
}
