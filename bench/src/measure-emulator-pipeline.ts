import type { IncomingHttpHeaders } from 'node:http';
import {
  createChargebeeDialect,
  createEmulatorClock,
  createEmulatorServer,
  createStripeDialect,
  type EmulatorServer,
} from '@billbridge/emulator';
import Chargebee from 'chargebee';
import Stripe from 'stripe';
import { openStripeInvoice } from './open-stripe-invoice.js';

/**
 * The emulator's own work per void without HTTP: `EmulatorServer.dispatch` (the pipeline a socket
 * request goes through once Node has parsed it: log, auth, version, route, decoding, parameter
 * validation, idempotency, the state's void, rendering, JSON) in a sequential loop in this
 * process, with the exact headers and body stripe-node and chargebee send for a void (captured from
 * one real call over the socket; a fresh idempotency key each time). What is left of the
 * emulator's CPU per request over HTTP is Node's HTTP server, as for the floor.
 */
export interface EmulatorPipelineResult {
  provider: 'stripe' | 'chargebee';
  voids: number;
  cpuUsPerVoid: number;
}

function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (typeof value === 'string' && name !== 'content-length' && name !== 'host' && name !== 'connection')
      plain[name] = value;
  return plain;
}

/** The headers and body of the next request the server receives over its socket. */
function captureNext(server: EmulatorServer): Promise<{ headers: Record<string, string>; body: string }> {
  return new Promise((resolve) => {
    server.server.once('request', (request) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => resolve({ headers: plainHeaders(request.headers), body }));
    });
  });
}

async function timeVoids(ids: string[], voidOne: (id: string, index: number) => Promise<unknown>) {
  const warmup = Math.min(200, Math.floor(ids.length / 5));
  for (let index = 0; index < warmup; index++) await voidOne(ids[index]!, index);
  const before = process.cpuUsage();
  for (let index = warmup; index < ids.length; index++) await voidOne(ids[index]!, index);
  const used = process.cpuUsage(before);
  return { voids: ids.length - warmup, cpuUsPerVoid: (used.user + used.system) / (ids.length - warmup) };
}

async function measureStripe(server: EmulatorServer, invoices: number): Promise<EmulatorPipelineResult> {
  const stripe = new Stripe('sk_test_billbridgePipelineBench', {
    host: '127.0.0.1',
    port: server.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  const customer = await stripe.customers.create({ balance: -500 });
  const open = () => openStripeInvoice(stripe, customer.id);
  // One real void over the socket, to send exactly what stripe-node sends.
  const first = await open();
  const captured = captureNext(server);
  await stripe.invoices.voidInvoice(first);
  const { headers, body } = await captured;
  const ids: string[] = [];
  for (let index = 0; index < invoices; index++) ids.push(await open());
  const result = await timeVoids(ids, async (id, index) => {
    const answer = await server.dispatch({
      method: 'POST',
      url: `/v1/invoices/${id}/void`,
      headers: { ...headers, 'idempotency-key': `stripe-node-retry-bench-${index}` },
      body,
    });
    if (answer === 'reset' || answer.status !== 200)
      throw new Error(`bench: void ${id} answered ${JSON.stringify(answer)}`);
  });
  return { provider: 'stripe', ...result };
}

async function measureChargebee(server: EmulatorServer, invoices: number): Promise<EmulatorPipelineResult> {
  const chargebee = new Chargebee({
    site: '127.0.0.1',
    hostSuffix: '',
    protocol: 'http',
    port: server.port,
    apiKey: 'test_billbridgePipelineBench',
    retryConfig: { enabled: false },
  });
  const { customer } = await chargebee.customer.create({ first_name: 'Bench' });
  const open = async () =>
    (
      await chargebee.invoice.createForChargeItemsAndCharges({
        customer_id: customer.id,
        charges: [{ amount: 2000, description: 'Bench' }],
      })
    ).invoice.id;
  const first = await open();
  const captured = captureNext(server);
  await chargebee.invoice.voidInvoice(first, {});
  const { headers, body } = await captured;
  const ids: string[] = [];
  for (let index = 0; index < invoices; index++) ids.push(await open());
  const result = await timeVoids(ids, async (id) => {
    const answer = await server.dispatch({
      method: 'POST',
      url: `/api/v2/invoices/${id}/void`,
      headers,
      body,
    });
    if (answer === 'reset' || answer.status !== 200)
      throw new Error(`bench: void ${id} answered ${JSON.stringify(answer)}`);
  });
  return { provider: 'chargebee', ...result };
}

export async function measureEmulatorPipeline(invoices: number): Promise<EmulatorPipelineResult[]> {
  const clock = createEmulatorClock();
  const server = await createEmulatorServer({
    host: '127.0.0.1',
    port: 0,
    dialects: [createStripeDialect({ clock }), createChargebeeDialect({ clock })],
    clock,
  });
  try {
    return [await measureStripe(server, invoices), await measureChargebee(server, invoices)];
  } finally {
    await server.close();
  }
}
