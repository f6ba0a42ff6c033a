import { randomUUID } from 'node:crypto';
import { type BillingClient, createBillingClient, generateIdempotencyKey } from '@billbridge/core';
import { createStripeProvider } from '@billbridge/stripe';
import Stripe from 'stripe';
import type { VoidCall } from './measure-cpu-per-void.js';

/** A key of the right shape; the loopback server never checks it. */
const BENCH_STRIPE_KEY = 'sk_test_billbridgebench000000000000';

export interface StripeVoidCalls {
  /** The plain SDK call, as most code makes it. */
  raw: VoidCall;
  /** The SDK call carrying what billbridge's request carries: an idempotency key of the same length. */
  rawSameRequest: VoidCall;
  /**
   * The plain SDK call made as billbridge's provider makes its calls: with `Error.stackTraceLimit`
   * at 0 while it starts, so stripe-node's per-request call-site capture takes no frames. The
   * like-for-like baseline for what billbridge's own code costs.
   */
  likeForLike: { baseline: 'withoutCallSite'; call: VoidCall };
  /** The provider's `doVoidInvoice` called directly, with a fresh key as the client makes one. */
  provider: VoidCall;
  billbridge: VoidCall;
  client: BillingClient;
}

/**
 * The raw `stripe` SDK and billbridge's Stripe provider (through `createBillingClient`), both
 * pointed at the loopback server on `port`, each with its own SDK client configured the same way.
 */
export function createStripeVoidCalls(port: number): StripeVoidCalls {
  const stripe = new Stripe(BENCH_STRIPE_KEY, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  const provider = createStripeProvider({
    apiKey: BENCH_STRIPE_KEY,
    host: '127.0.0.1',
    port,
    protocol: 'http',
  });
  const client = createBillingClient({ provider });
  return {
    raw: (id) => stripe.invoices.voidInvoice(id),
    rawSameRequest: (id) =>
      stripe.invoices.voidInvoice(id, {}, { idempotencyKey: `idempotent-${randomUUID()}` }),
    likeForLike: {
      baseline: 'withoutCallSite',
      call: (id) => {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
          return stripe.invoices.voidInvoice(id);
        } finally {
          Error.stackTraceLimit = limit;
        }
      },
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
