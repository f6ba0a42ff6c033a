import { type RunningEmulator, startEmulator } from '@billbridge/emulator';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { billThenCancel } from '../src/bill-then-cancel.js';

let emulator: RunningEmulator;
let stripe: Stripe;
beforeAll(async () => {
  emulator = await startEmulator();
  stripe = new Stripe('sk_test_example', { ...emulator.stripe, maxNetworkRetries: 0 });
});
afterAll(() => emulator.close());

it('voiding the invoice gives the customer back the credit it took (Stripe since 2019-12-03)', async () => {
  const customer = await stripe.customers.create({ balance: -500 });
  expect(await billThenCancel(stripe, customer.id, 2000)).toBe(-500);
});
