import { createChargebeeProvider } from '@billbridge/chargebee';
import { createBillingClient } from '@billbridge/core';
import { createStripeProvider } from '@billbridge/stripe';
import type Chargebee from 'chargebee';
import type Stripe from 'stripe';
import { loadCassetteBodies } from './load-cassette-bodies.js';

export interface LayerCostResult {
  provider: 'stripe' | 'chargebee';
  iterations: number;
  /** ns per call of the stub SDK method alone. */
  stubNs: number;
  /** ns per `voidInvoice` through createBillingClient → provider → the same stub. */
  billbridgeNs: number;
  /** What billbridge itself adds per void: `billbridgeNs - stubNs`. */
  addedNs: number;
}

async function timePerCall(iterations: number, run: (id: string) => Promise<unknown>): Promise<number> {
  for (let index = 0; index < Math.min(5_000, iterations); index++) await run(`in_warm${index}`);
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) await run(`in_layer${index}`);
  return Number(process.hrtime.bigint() - started) / iterations;
}

/**
 * billbridge's own CPU per void, without any network: the SDK method is replaced by a stub that
 * answers at once with the cassette body, and the same stub is timed alone. The difference is
 * what the client (validation, idempotency key, retry wrapper) and the adapter (mapping) cost.
 */
export async function measureLayerCost(iterations: number): Promise<LayerCostResult[]> {
  const bodies = loadCassetteBodies();
  const stripeVoid = async (id: string) => ({ ...bodies.stripeInvoiceVoid, id });
  const stripeStub = {
    invoices: { voidInvoice: stripeVoid },
    getApiField: () => '2026-10-28.endive',
  } as unknown as Stripe;
  const stripeClient = createBillingClient({ provider: createStripeProvider({ client: stripeStub }) });

  const chargebeeInvoice = bodies.chargebeeInvoiceVoid.invoice as Record<string, unknown>;
  const chargebeeVoid = async (id: string) => ({
    invoice: { ...chargebeeInvoice, id },
    isIdempotencyReplayed: false,
    headers: {},
    httpStatusCode: 200,
  });
  const chargebeeStub = {
    invoice: { voidInvoice: chargebeeVoid },
    creditNote: { create: async () => ({}) },
  } as unknown as Chargebee;
  const chargebeeClient = createBillingClient({
    provider: createChargebeeProvider({ client: chargebeeStub }),
  });

  const results: LayerCostResult[] = [];
  for (const [provider, stub, client] of [
    ['stripe', stripeVoid, stripeClient],
    ['chargebee', chargebeeVoid, chargebeeClient],
  ] as const) {
    // Interleaved twice, the smaller time of each kept (less noise from other processes).
    const stubNs = Math.min(await timePerCall(iterations, stub), await timePerCall(iterations, stub));
    const billbridgeNs = Math.min(
      await timePerCall(iterations, (id) => client.voidInvoice(id)),
      await timePerCall(iterations, (id) => client.voidInvoice(id)),
    );
    results.push({ provider, iterations, stubNs, billbridgeNs, addedNs: billbridgeNs - stubNs });
  }
  return results;
}
