import Chargebee from 'chargebee';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { useSchemaCheckedEmulator } from './support/use-schema-checked-emulator.js';

// startEmulatorWith (under the helper) is startEmulator with the schema check's hook.
const emulator = useSchemaCheckedEmulator({ chargebee: { site: 'acme-test' } });

describe('startEmulator', () => {
  it('returns exactly the SDK options of DESIGN §14, on loopback and a free port', () => {
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.stripe).toEqual({ host: '127.0.0.1', port: emulator.port, protocol: 'http' });
    expect(emulator.chargebee).toEqual({
      site: '127.0.0.1',
      hostSuffix: '',
      protocol: 'http',
      port: emulator.port,
    });
  });

  it('serves stripe-node and chargebee-node from one server, each on its own state', async () => {
    const stripe = new Stripe('sk_test_startEmulator', { ...emulator.stripe, maxNetworkRetries: 0 });
    const chargebee = new Chargebee({ apiKey: 'test_startEmulator', ...emulator.chargebee });
    const stripeCustomer = await stripe.customers.create({ balance: -250 });
    expect(stripeCustomer.balance).toBe(-250);
    const { customer } = await chargebee.customer.create({ first_name: 'Ada' });
    expect(customer.id).toBeTruthy();
    const stripeState = (await (
      await fetch(`${emulator.url}/_emulator/state/stripe/acct_emulator`)
    ).json()) as {
      data: { customers: { id: string }[] };
    };
    expect(stripeState.data.customers.map((record: { id: string }) => record.id)).toEqual([
      stripeCustomer.id,
    ]);
    const site = (await (await fetch(`${emulator.url}/_emulator/state/chargebee/acme-test`)).json()) as {
      data: unknown;
    };
    expect(JSON.stringify(site.data)).toContain(customer.id);
  });
});

describe('startEmulator({ webhooks }) with a bad URL', () => {
  it('refuses it without the URL (its user:password@ is the Basic auth) in the error', async () => {
    const { inspect } = await import('node:util');
    const { startEmulator } = await import('../src/start-emulator.js');
    const error = await startEmulator({ webhooks: { url: 'http://hooks:SECRETPW@127.0.0.1:99999/x' } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(inspect(error, { showHidden: true, depth: null })).not.toContain('SECRETPW');
  });
});
