import type { MemoryProvider } from '@billbridge/memory';

/** Invoices per seeded customer. */
const INVOICES_PER_CUSTOMER = 100;

/**
 * Seeds `count` open invoices (create + finalize) on `provider`, `INVOICES_PER_CUSTOMER` per
 * customer; each customer starts with 500 of credit, which its first invoice takes. Returns the ids.
 */
export function seedMemoryInvoices(provider: MemoryProvider, count: number): string[] {
  const ids: string[] = new Array(count);
  let customerId = '';
  for (let index = 0; index < count; index++) {
    if (index % INVOICES_PER_CUSTOMER === 0) {
      customerId = `cus_bench${index / INVOICES_PER_CUSTOMER}`;
      provider.createCustomer({ id: customerId, currency: 'usd', credit: 500 });
    }
    const id = `in_bench${index}`;
    provider.createInvoice({ id, customerId, lines: [{ amount: 2_000 + (index % 7) * 100 }] });
    provider.finalizeInvoice(id);
    ids[index] = id;
  }
  return ids;
}
