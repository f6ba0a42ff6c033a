/**
 * The workload `count-void-instructions.ts` runs under valgrind: seeds `BENCH_INVOICES` open invoices
 * on a memory provider built from `BENCH_MEMORY` (a build's `index.js`), as `--only=memory` seeds
 * them, and voids the first `BENCH_VOIDS` of them through `createBillingClient`. Plain JavaScript
 * run by plain `node`: under valgrind, tsx's loader alone would take a minute.
 */
import { createBillingClient } from '@billbridge/core';

const { createMemoryProvider } = await import(process.env.BENCH_MEMORY ?? '@billbridge/memory');
const invoices = Number(process.env.BENCH_INVOICES);
const voids = Number(process.env.BENCH_VOIDS);
if (!Number.isSafeInteger(voids) || voids < 0 || voids > invoices)
  throw new Error('BENCH_VOIDS must be a whole number from 0 to BENCH_INVOICES');
const provider = createMemoryProvider({ flavor: 'stripe' });
// Keys shaped as the client makes them (`idempotency-key.ts`), from a fixed prefix: its random
// 128 bits would change the keys' hashes from run to run, and with them the count.
let issued = 0;
const client = createBillingClient({
  provider,
  generateIdempotencyKey: () => `billbridge-5f0c1a7e9b3d42c6a8e1f04d7b9c2e61-${(++issued).toString(36)}`,
});
const ids = [];
for (let index = 0; index < invoices; index++) {
  const customerId = `cus_count${Math.floor(index / 100)}`;
  if (index % 100 === 0) provider.createCustomer({ id: customerId, currency: 'usd', credit: 500 });
  const id = `in_count${index}`;
  provider.createInvoice({ id, customerId, lines: [{ amount: 2_000 + (index % 7) * 100 }] });
  provider.finalizeInvoice(id);
  ids.push(id);
}
for (const id of ids.slice(0, voids)) {
  const result = await client.voidInvoice(id);
  if (result.invoice.status !== 'void') throw new Error(`${id} is ${result.invoice.status} after void`);
}
