import { randomUUID } from 'node:crypto';
import {
  type BillingProvider,
  createBillingClient,
  isProviderId,
  parseInput,
  providerIdSchema,
} from '@billbridge/core';
import type { StripeProvider } from '@billbridge/stripe';
import Stripe from 'stripe';
import { createLoopbackServer } from './create-loopback-server.js';
import { createStripeVoidCalls } from './create-stripe-void-calls.js';
import { measureOverhead, plannedRequests, type VoidCall } from './measure-overhead.js';

export interface StripeLayerResult {
  /** What was compared with the plain SDK call. */
  label: string;
  medianRatio: number;
  roundRatios: number[];
}

/**
 * Where billbridge's time over the raw SDK goes, layer by layer: each variant against the plain
 * `stripe.invoices.voidInvoice(id)`, sequential, interleaved like the overhead bench.
 */
export async function measureStripeLayers(options: {
  calls: number;
  rounds: number;
  warmup: number;
  timeCapMs: number;
}): Promise<StripeLayerResult[]> {
  const variants = 6;
  const server = await createLoopbackServer({
    maxRequests: variants * plannedRequests(options),
    maxDurationMs: options.timeCapMs,
  });
  try {
    const plainClient = new Stripe('sk_test_billbridgebench000000000000', {
      host: '127.0.0.1',
      port: server.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const calls = createStripeVoidCalls(server.port);
    const provider = calls.client.providerInstance as StripeProvider;
    const requestOptions = () => ({
      apiVersion: provider.apiVersion,
      maxNetworkRetries: 0,
      idempotencyKey: `billbridge-${randomUUID()}`,
    });
    const plain: VoidCall = (id) => plainClient.invoices.voidInvoice(id);
    // The billbridge client over a provider that only calls the plain SDK: the client's share.
    const thinProvider: BillingProvider = {
      ...provider,
      doVoidInvoice: async (request) => {
        const raw = await plainClient.invoices.voidInvoice(request.invoiceId);
        return {
          invoice: {} as never,
          balanceReturned: null,
          creditNote: null,
          warnings: [],
          replayed: false,
          raw,
        };
      },
    };
    const thinClient = createBillingClient({ provider: thinProvider });
    const compared: [string, VoidCall][] = [
      [
        'the plain SDK call after a zod parse of the id (parseInput(providerIdSchema, id), what voidInvoice did before isProviderId)',
        (id) => {
          parseInput(providerIdSchema, id, { prefix: 'invoiceId', provider: 'stripe' });
          return plainClient.invoices.voidInvoice(id);
        },
      ],
      [
        'the plain SDK call after isProviderId(id), the plain check voidInvoice makes now',
        (id) => {
          if (!isProviderId(id)) throw new Error(`bench: bad id ${id}`);
          return plainClient.invoices.voidInvoice(id);
        },
      ],
      [
        'the billbridge client over a provider that only calls the plain SDK (the client alone)',
        (id) => thinClient.voidInvoice(id),
      ],
      [
        "billbridge's own Stripe client, with billbridge's request options (apiVersion, maxNetworkRetries: 0, idempotencyKey)",
        (id) => provider.client.invoices.voidInvoice(id, {}, requestOptions() as Stripe.RequestOptions),
      ],
      [
        'the Stripe provider: provider.doVoidInvoice() called directly (no billbridge client)',
        (id) =>
          provider.doVoidInvoice(
            { invoiceId: id, appliedBalance: 'return' },
            { attempt: 1, idempotencyKey: `billbridge-${randomUUID()}` },
          ),
      ],
      ['the whole path: billing.voidInvoice(id) (client + provider)', calls.billbridge],
    ];
    const results: StripeLayerResult[] = [];
    let offset = 0;
    for (const [label, variant] of compared) {
      const base = offset;
      offset += 1_000_000;
      const result = await measureOverhead({
        raw: plain,
        billbridge: variant,
        invoiceId: (index) => `in_layers${base + index}`,
        calls: options.calls,
        rounds: options.rounds,
        concurrency: 1,
        warmup: options.warmup,
      });
      results.push({ label, medianRatio: result.medianRatio, roundRatios: result.roundRatios });
    }
    return results;
  } finally {
    await server.close();
  }
}
