import { createBillingClient } from '@billbridge/core';
import { createMemoryProvider, type MemoryProviderSettings } from '../../src/index.js';

/** A memory provider with one customer (500 of credit) and one open invoice of 2000 that took it. */
export function seedOpenInvoice(settings: MemoryProviderSettings = {}) {
  const provider = createMemoryProvider(settings);
  const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
  const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
  const draft = provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] });
  const invoice = provider.finalizeInvoice(draft.id);
  return { provider, client, customerId: customer.customerId, invoice };
}
