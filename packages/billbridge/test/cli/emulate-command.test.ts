import { type AddressInfo, createServer } from 'node:net';
import Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle } from './support/build-cli-bundle.js';
import { runBillbridge, startBillbridge } from './support/spawn-billbridge.js';

/** `billbridge emulate`: the real bin, spawned with node, used by stripe-node, stopped by a signal. */
let bin: string;
beforeAll(async () => {
  bin = await buildCliBundle();
}, 120_000);

describe('billbridge emulate', () => {
  it('--json: prints the URL and SDK options, serves stripe-node, exits 0 on SIGTERM', async () => {
    const running = startBillbridge(bin, [
      'emulate',
      '--port',
      '0',
      '--json',
      '--chargebee-site',
      'acme-test',
    ]);
    const stdout = stdoutOf(running);
    await running.waitFor(/\n/, 'stdout');
    const printed = JSON.parse(stdout.text) as {
      url: string;
      port: number;
      stripe: { host: string; port: number; protocol: 'http' };
      chargebee: Record<string, unknown>;
    };
    expect(printed.url).toBe(`http://127.0.0.1:${printed.port}`);
    expect(printed.stripe).toEqual({ host: '127.0.0.1', port: printed.port, protocol: 'http' });
    expect(printed.chargebee).toEqual({
      site: '127.0.0.1',
      hostSuffix: '',
      protocol: 'http',
      port: printed.port,
    });

    const stripe = new Stripe('sk_test_cliEmulate', { ...printed.stripe, maxNetworkRetries: 0 });
    const customer = await stripe.customers.create({ balance: -500, email: 'ada@example.com' });
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      id: customer.id,
      balance: -500,
      email: 'ada@example.com',
    });

    running.child.kill('SIGTERM');
    const run = await running.done;
    expect(run).toMatchObject({ code: 0, signal: null });
    await expect(fetch(`${printed.url}/v1/customers`)).rejects.toThrow();
  }, 60_000);

  it('text: says where it listens and how to point the SDKs at it, exits 0 on SIGINT', async () => {
    const running = startBillbridge(bin, ['emulate', '--port', '0']);
    const stdout = stdoutOf(running);
    await running.waitFor(/control API/, 'stdout');
    const text = stdout.text;
    const url = /billbridge emulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    expect(url).toBeDefined();
    expect(text).toContain(`BILLBRIDGE_STRIPE_API_BASE=${url}`);
    expect(text).toContain('new Stripe(');
    const answer = await fetch(`${url}/v1/customers`, { headers: { authorization: 'Bearer sk_test_x' } });
    expect(answer.status).toBe(200);
    running.child.kill('SIGINT');
    expect((await running.done).code).toBe(0);
  }, 60_000);

  it('refuses a bad --port with exit 2 before listening', async () => {
    const run = await runBillbridge(bin, ['emulate', '--port', 'abc']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--port must be 0–65535');
    expect(run.stdout).toBe('');
  }, 60_000);

  it('a port in use: exit 2 naming it, not a stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = await runBillbridge(bin, ['emulate', '--port', String(port)]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.trimEnd()).toBe(
        `billbridge emulate: cannot listen on 127.0.0.1:${port} (EADDRINUSE): pick another --port or --host`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);

  it('refuses a bad --webhook-url with exit 2, without echoing its Basic auth password', async () => {
    const run = await runBillbridge(bin, [
      'emulate',
      '--webhook-url',
      // A `/` and a `#` in the password: the mask stopped at the first `/` and echoed the rest.
      'http://hooks:SECRET/P#W@127.0.0.1:99999/hooks',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--webhook-url must be a URL, got "http://***@127.0.0.1:99999/hooks"');
    expect(run.stderr + run.stdout).not.toContain('SECRET');
    expect(run.stderr + run.stdout).not.toContain('P#W');
  }, 60_000);
});

/** Collects stdout from now on (call right after starting: data arrives asynchronously). */
function stdoutOf(running: ReturnType<typeof startBillbridge>): { readonly text: string } {
  let text = '';
  running.child.stdout!.on('data', (chunk: string) => {
    text += chunk;
  });
  return {
    get text() {
      return text;
    },
  };
}
