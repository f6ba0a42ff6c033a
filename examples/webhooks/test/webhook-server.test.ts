import { createBillingClient } from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import { createStripeProvider } from '@billbridge/stripe';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/main.js';
import { startWebhookServer } from '../src/webhook-server.js';

const SECRET = 'whsec_billbridgeExampleTest00000000000';

describe('examples/webhooks', () => {
  it('a voided invoice on the memory provider, delivered to the server, is logged once as invoice.voided', async () => {
    const lines: string[] = [];
    const verifier = createBillingClient({
      provider: createStripeProvider({ apiKey: 'sk_test_exampleNeverSent00000', webhookSecret: SECRET }),
    });
    const server = await startWebhookServer({ billing: verifier, log: (line) => lines.push(line) });
    try {
      const memory = createMemoryProvider({ flavor: 'stripe' });
      const customer = memory.createCustomer({ currency: 'usd', credit: 500 });
      const invoice = memory.finalizeInvoice(
        memory.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] }).id,
      );
      await createBillingClient({ provider: memory }).voidInvoice(invoice.id);
      const event = memory.events.find((each) => each.type === 'invoice.voided');
      if (!event) throw new Error('no invoice.voided recorded');
      const delivery = memory.webhookDelivery(event, { secret: SECRET });
      const post = (body: string) => fetch(server.url, { method: 'POST', body, headers: delivery.headers });
      expect((await post(delivery.body)).status).toBe(200);
      expect((await post(delivery.body)).status).toBe(200);
      expect((await post(delivery.body.replace('"void"', '"paid"'))).status).toBe(400);
      const handled = lines.filter((line) => line.startsWith('invoice.voided'));
      expect(handled).toEqual([
        `invoice.voided ${invoice.id} void total 2000 usd (stripe invoice.voided, ${event.id})`,
      ]);
      expect(lines.some((line) => line.includes('signature does not match'))).toBe(true);
      expect((await fetch(server.url.replace('/webhooks', '/other'), { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('the demo voids, delivers, and sees the duplicate', async () => {
    const lines: string[] = [];
    await runDemo((line) => lines.push(line));
    expect(lines.filter((line) => line.startsWith('invoice.voided'))).toHaveLength(1);
    expect(lines).toContain('first delivery: 200 {"received":true}');
    expect(lines).toContain('the same delivery again: 200 {"received":true,"duplicate":true}');
  });
});
