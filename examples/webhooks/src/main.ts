/**
 * A webhook endpoint on 127.0.0.1 that logs billbridge's normalized events.
 *
 *   STRIPE_WEBHOOK_SECRET=whsec_… PORT=4242 pnpm --filter @billbridge/example-webhooks start
 *     (then: stripe listen --forward-to localhost:4242/webhooks)
 *   CHARGEBEE_WEBHOOK_USERNAME=… CHARGEBEE_WEBHOOK_PASSWORD=… CHARGEBEE_SITE=acme-test PORT=4242 … start
 *
 * With neither, it runs a demo with no network: a memory provider (Stripe flavor) voids an invoice
 * and its delivery, signed as Stripe signs, is posted to the endpoint, which verifies it with the
 * real Stripe adapter; the same delivery posted again is a duplicate and is not handled twice.
 */
import { pathToFileURL } from 'node:url';
import { createChargebeeProvider } from '@billbridge/chargebee';
import { createBillingClient } from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import { createStripeProvider } from '@billbridge/stripe';
import Chargebee from 'chargebee';
import { startWebhookServer } from './webhook-server.js';

const DEMO_SECRET = 'whsec_billbridgeWebhookDemo0000000000';

/** Runs the demo (no network) and returns what it logged. */
export async function runDemo(log: (line: string) => void): Promise<void> {
  const memory = createMemoryProvider({ flavor: 'stripe' });
  // The endpoint verifies with the real Stripe adapter, as it would in production.
  const verifier = createBillingClient({
    provider: createStripeProvider({ apiKey: 'sk_test_demoOnlyNeverSent000000', webhookSecret: DEMO_SECRET }),
  });
  const server = await startWebhookServer({ billing: verifier, log });
  try {
    const customer = memory.createCustomer({ currency: 'usd', credit: 500 });
    const draft = memory.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] });
    const invoice = memory.finalizeInvoice(draft.id);
    await createBillingClient({ provider: memory }).voidInvoice(invoice.id, { reasonCode: 'duplicate' });
    const voided = memory.events.filter((event) => event.type === 'invoice.voided').at(-1);
    if (!voided) throw new Error('the memory provider recorded no invoice.voided');
    const delivery = memory.webhookDelivery(voided, { secret: DEMO_SECRET });
    for (const attempt of ['first delivery', 'the same delivery again']) {
      const response = await fetch(server.url, {
        method: 'POST',
        body: delivery.body,
        headers: delivery.headers,
      });
      log(`${attempt}: ${response.status} ${await response.text()}`);
    }
  } finally {
    await server.close();
  }
}

export async function main(
  env: Record<string, string | undefined>,
  log: (line: string) => void,
): Promise<number> {
  const port = env.PORT !== undefined ? Number(env.PORT) : 4242;
  if (env.STRIPE_WEBHOOK_SECRET) {
    const billing = createBillingClient({
      provider: createStripeProvider({
        apiKey: env.STRIPE_SECRET_KEY ?? 'sk_test_unusedForWebhooks000000',
        webhookSecret: env.STRIPE_WEBHOOK_SECRET.split(','),
      }),
    });
    const server = await startWebhookServer({ billing, log, port });
    log(`listening on ${server.url} (Stripe)`);
    return new Promise<number>(() => undefined);
  }
  if (env.CHARGEBEE_WEBHOOK_USERNAME && env.CHARGEBEE_WEBHOOK_PASSWORD) {
    const site = env.CHARGEBEE_SITE ?? 'example-test';
    const billing = createBillingClient({
      provider: createChargebeeProvider({
        client: new Chargebee({ site, apiKey: env.CHARGEBEE_API_KEY ?? 'unused-for-webhooks' }),
        webhookAuth: { username: env.CHARGEBEE_WEBHOOK_USERNAME, password: env.CHARGEBEE_WEBHOOK_PASSWORD },
      }),
    });
    const server = await startWebhookServer({ billing, log, port });
    log(`listening on ${server.url} (Chargebee site ${site})`);
    return new Promise<number>(() => undefined);
  }
  log('No STRIPE_WEBHOOK_SECRET or CHARGEBEE_WEBHOOK_USERNAME/PASSWORD: running the demo (no network).');
  await runDemo(log);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
