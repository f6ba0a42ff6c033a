// `require('billbridge')` with neither SDK installed: memory works, no SDK module is loaded, and
// configuring Stripe says what to install. Prints the module count.
const assert = require('node:assert/strict');

const started = performance.now();
const { createBillingClient, createMemoryProvider, ValidationError } = require('billbridge');
const billing = createBillingClient({ env: {} });
assert.equal(billing.provider, 'memory');
const provider = createMemoryProvider();
const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
const draft = provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] });
createBillingClient({ provider })
  .voidInvoice(provider.finalizeInvoice(draft.id).id)
  .then((result) => {
    assert.deepEqual(result.balanceReturned, { amount: 500, currency: 'usd' });
    const files = Object.keys(require.cache);
    const sdk = files.filter((file) => /[\\/]node_modules[\\/](stripe|chargebee)[\\/]/.test(file));
    assert.deepEqual(sdk, []);
    assert.throws(
      () => createBillingClient({ provider: 'stripe', stripe: { apiKey: 'sk_test_x' } }),
      (error) =>
        ValidationError.isInstance(error) && /npm install @billbridge\/stripe stripe/.test(error.message),
    );
    const ms = Math.round(performance.now() - started);
    console.log(`${files.length} modules, ${sdk.length} of an SDK, ${ms} ms`);
  });
