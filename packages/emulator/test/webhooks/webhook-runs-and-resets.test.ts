import Stripe from 'stripe';
import { afterEach, expect, it } from 'vitest';
import { startEmulatorWith } from '../../src/start-emulator.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

// Found by a review of the emulator on 2026-12-07; each failed on the code before its fix.
const KEY = 'sk_test_emulatorWebhookRuns';
const SECRET = 'whsec_emulatorWebhookRuns';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulatorWith(plan: readonly (number | 'reset')[] = []) {
  const receiver = await startWebhookReceiver(plan);
  cleanups.push(() => receiver.close());
  const emulator = await startEmulatorWith(
    { webhooks: { url: receiver.url, secret: SECRET } },
    { webhookRetry: { attempts: 4, baseDelayMs: 200, maxDelayMs: 400, timeoutMs: 2_000 } },
  );
  cleanups.push(() => emulator.close());
  return { receiver, emulator, stripe: new Stripe(KEY, { ...emulator.stripe, maxNetworkRetries: 0 }) };
}

const eventIdOf = (body: string) => (JSON.parse(body) as { id: string }).id;

it('two emulator runs never send the same event id (a dedupe store kept across runs would drop the second’s)', async () => {
  const ids: string[] = [];
  for (let run = 0; run < 2; run += 1) {
    const { receiver, emulator, stripe } = await emulatorWith();
    await stripe.customers.create({ email: 'ada@example.com' });
    await emulator.webhooksIdle();
    ids.push(eventIdOf(receiver.hits[0]!.body));
  }
  expect(ids[1]).not.toBe(ids[0]);
});

it('a reset drops the deliveries still queued or retrying: none arrives after the account’s new events', async () => {
  // The first delivery fails, so its retries are pending when the reset comes.
  const { receiver, emulator, stripe } = await emulatorWith([500, 500, 500, 500]);
  await stripe.customers.create({ email: 'before@example.com' });
  const response = await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
  expect(response.status).toBe(200);
  await stripe.customers.create({ email: 'after@example.com' });
  await emulator.webhooksIdle();
  const order = receiver.hits.map((hit) => (hit.body.includes('before@') ? 'before' : 'after'));
  // The delivery in flight at the reset may have reached the receiver; none is retried after it.
  expect(order.filter((seen) => seen === 'before').length).toBeLessThanOrEqual(1);
  expect(order.at(-1)).toBe('after');
  expect(order.lastIndexOf('before')).toBeLessThan(order.indexOf('after'));
});
