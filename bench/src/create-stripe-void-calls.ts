import { randomUUID } from 'node:crypto';
import { type BillingClient, createBillingClient } from '@billbridge/core';
import { createStripeProvider } from '@billbridge/stripe';
import Stripe from 'stripe';
import type { VoidCall } from './measure-overhead.js';

/** A key of the right shape; the loopback server never checks it. */
const BENCH_STRIPE_KEY = 'sk_test_billbridgebench000000000000';

export interface StripeVoidCalls {
  /** The plain SDK call, as most code makes it. */
  raw: VoidCall;
  /** The SDK call carrying what billbridge's request carries: an idempotency key of the same length. */
  rawSameRequest: VoidCall;
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
  const client = createBillingClient({
    provider: createStripeProvider({ apiKey: BENCH_STRIPE_KEY, host: '127.0.0.1', port, protocol: 'http' }),
  });
  return {
    raw: (id) => stripe.invoices.voidInvoice(id),
    rawSameRequest: (id) =>
      stripe.invoices.voidInvoice(id, {}, { idempotencyKey: `idempotent-${randomUUID()}` }),
    billbridge: (id) => client.voidInvoice(id),
    client,
  };
}
