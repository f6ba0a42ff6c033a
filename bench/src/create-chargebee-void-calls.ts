import { randomUUID } from 'node:crypto';
import { CHARGEBEE_IDEMPOTENCY_HEADER, createChargebeeProvider } from '@billbridge/chargebee';
import { type BillingClient, createBillingClient, generateIdempotencyKey } from '@billbridge/core';
import Chargebee from 'chargebee';
import type { VoidCall } from './measure-cpu-per-void.js';

/** A key of the right shape; the loopback server never checks it. */
const BENCH_CHARGEBEE_KEY = 'test_billbridgebench000000000000';

export interface ChargebeeVoidCalls {
  /** The plain SDK call, as most code makes it. */
  raw: VoidCall;
  /** The SDK call carrying what billbridge's request carries: an idempotency key of the same length. */
  rawSameRequest: VoidCall;
  /**
   * The plain SDK call with the idempotency key billbridge's client makes (`generateIdempotencyKey`)
   * in the header billbridge sends it in: the same request as billbridge's, so the comparison
   * leaves billbridge's own code (the key is what keeps a void from happening twice; in
   * BENCHMARKS.md's series of five it costs chargebee-node and undici nothing measurable).
   */
  likeForLike: { baseline: 'withKey'; call: VoidCall };
  /** The provider's `doVoidInvoice` called directly, with a fresh key as the client makes one. */
  provider: VoidCall;
  billbridge: VoidCall;
  client: BillingClient;
}

/**
 * The raw `chargebee` SDK and billbridge's Chargebee provider (through `createBillingClient`),
 * both pointed at the loopback server on `port` (site `127.0.0.1`, empty host suffix, http).
 */
export function createChargebeeVoidCalls(port: number): ChargebeeVoidCalls {
  const chargebee = new Chargebee({
    site: '127.0.0.1',
    apiKey: BENCH_CHARGEBEE_KEY,
    hostSuffix: '',
    protocol: 'http',
    port,
  });
  const provider = createChargebeeProvider({
    site: '127.0.0.1',
    apiKey: BENCH_CHARGEBEE_KEY,
    hostSuffix: '',
    protocol: 'http',
    port,
  });
  const client = createBillingClient({ provider });
  return {
    raw: (id) => chargebee.invoice.voidInvoice(id, {}),
    rawSameRequest: (id) =>
      chargebee.invoice.voidInvoice(id, {}, { 'chargebee-idempotency-key': `idempotent-${randomUUID()}` }),
    likeForLike: {
      baseline: 'withKey',
      call: (id) =>
        chargebee.invoice.voidInvoice(id, {}, { [CHARGEBEE_IDEMPOTENCY_HEADER]: generateIdempotencyKey() }),
    },
    provider: (id) =>
      provider.doVoidInvoice(
        { invoiceId: id, appliedBalance: 'return' },
        { attempt: 1, idempotencyKey: generateIdempotencyKey() },
      ),
    billbridge: (id) => client.voidInvoice(id),
    client,
  };
}
