// `import('billbridge')` with neither SDK installed (see memory-only.cjs).
import assert from 'node:assert/strict';

const { createBillingClient, createMemoryProvider, ValidationError } = await import('billbridge');
const provider = createMemoryProvider({ flavor: 'chargebee' });
const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
const draft = provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] });
const result = await createBillingClient({ provider }).voidInvoice(provider.finalizeInvoice(draft.id).id);
assert.deepEqual(result.balanceReturned, { amount: 500, currency: 'usd' });
assert.throws(
  () => createBillingClient({ provider: 'chargebee', chargebee: { site: 'a-test', apiKey: 'test_x' } }),
  (error) =>
    ValidationError.isInstance(error) && /npm install @billbridge\/chargebee chargebee/.test(error.message),
);
console.log('import ok');
