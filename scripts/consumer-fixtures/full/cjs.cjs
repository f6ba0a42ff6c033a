// Requires every package named on the command line from CommonJS. An ESM-only package (no
// `require` condition) must refuse clearly with ERR_PACKAGE_PATH_NOT_EXPORTED.
const assert = require('node:assert/strict');
const { join } = require('node:path');

for (const name of process.argv.slice(2)) {
  const manifest = require(join(name, 'package.json'));
  const esmOnly = !JSON.stringify(manifest.exports).includes('"require"');
  if (esmOnly) {
    assert.throws(
      () => require(name),
      { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' },
      `${name} should refuse require`,
    );
    continue;
  }
  const module = require(name);
  assert.ok(Object.keys(module).length > 0, `${name} exports nothing`);
}
const { createBillingClient, BillingError } = require('billbridge');
assert.equal(typeof require('billbridge/stripe').createStripeProvider, 'function');
const billing = createBillingClient({
  provider: 'chargebee',
  chargebee: { site: 'acme-test', apiKey: 'test_consumer', apiBase: 'http://127.0.0.1:9' },
  retry: { maxAttempts: 1 },
});
billing.getInvoice('inv_1').then(
  () => assert.fail('a closed port answered'),
  (error) => {
    assert.equal(error.code, 'connection_failed');
    // The CommonJS umbrella loaded the adapter's CommonJS build: one @billbridge/core, one BillingError.
    assert.ok(error instanceof BillingError, 'the adapter error is not the umbrella BillingError class');
    const loaded = Object.keys(require.cache);
    assert.ok(loaded.some((file) => file.includes('@billbridge/chargebee/dist/index.cjs')));
    assert.ok(!loaded.some((file) => file.includes('@billbridge/chargebee/dist/index.js')));
    console.log('cjs ok');
  },
);
