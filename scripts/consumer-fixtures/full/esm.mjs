// Imports every package named on the command line from ESM and uses the umbrella once.
import assert from 'node:assert/strict';

for (const name of process.argv.slice(2)) {
  const module = await import(name);
  assert.ok(Object.keys(module).length > 0, `${name} exports nothing`);
}
const { createBillingClient, createMemoryProvider, ValidationError } = await import('billbridge');
const provider = createMemoryProvider({ flavor: 'chargebee' });
const billing = createBillingClient({ provider });
const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
const draft = provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] });
const result = await billing.voidInvoice(provider.finalizeInvoice(draft.id).id);
assert.deepEqual(result.balanceReturned, { amount: 500, currency: 'usd' });
// The adapter entries of the umbrella, and the adapter's errors are the umbrella's classes.
const { createStripeProvider } = await import('billbridge/stripe');
assert.throws(() => createStripeProvider({ apiKey: 'hello' }), ValidationError);
const { createChargebeeProvider } = await import('billbridge/chargebee');
assert.equal(typeof createChargebeeProvider, 'function');
const stripe = createBillingClient({
  provider: 'stripe',
  stripe: { apiKey: 'sk_test_consumer', apiBase: 'http://127.0.0.1:9' },
  retry: { maxAttempts: 1 },
});
const error = await stripe.getInvoice('in_1').catch((caught) => caught);
assert.equal(error.code, 'connection_failed');
console.log('esm ok');
