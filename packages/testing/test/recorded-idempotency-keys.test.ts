import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withCassette } from '../src/index.js';
import { recordingsToCassette, scrubCassette } from '../src/record/index.js';

// A recorded cassette names each distinct idempotency key by a label (`*same:k1`), so a replay must
// reuse a call's key on its retry and use a new key for a new call (DESIGN §8). Until 2026-12-07
// every key was recorded as `*` and a client that made up a key per attempt replayed cleanly.
const origin = 'https://api.stripe.com';
beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const recorded = (keys: string[]) =>
  scrubCassette(
    recordingsToCassette(
      keys.map((key, index) => ({
        scope: `${origin}:443`,
        method: 'POST',
        path: '/v1/invoices/in_1/void',
        body: '',
        status: index === 0 && keys.length > 1 && keys[1] === key ? 500 : 200,
        response: {},
        reqheaders: { 'idempotency-key': key, 'stripe-version': '2026-10-28.endive' },
      })),
      { provider: 'stripe', apiVersion: '2026-10-28.endive', sdkVersion: 'stripe@23.1.0' },
    ),
  );
const send = (key: string) =>
  fetch(`${origin}/v1/invoices/in_1/void`, {
    method: 'POST',
    headers: { 'idempotency-key': key, 'stripe-version': '2026-10-28.endive' },
  });

describe('recorded idempotency keys', () => {
  it('are written as labels, one per distinct key', () => {
    const cassette = recorded(['billbridge-abc-1', 'billbridge-abc-1', 'billbridge-abc-2']);
    expect(
      cassette.interactions.map((interaction) => interaction.request.headers?.['idempotency-key']),
    ).toEqual(['*same:k1', '*same:k1', '*same:k2']);
  });

  it('replay a retry that reuses its call’s key, whatever the key', async () => {
    await withCassette(recorded(['billbridge-abc-1', 'billbridge-abc-1']), async () => {
      await send('other-run-7');
      await send('other-run-7');
    });
  });

  it('refuse a retry that sends a new key, and a new call that reuses an old one', async () => {
    await expect(
      withCassette(recorded(['billbridge-abc-1', 'billbridge-abc-1']), async () => {
        await send('billbridge-abc-1');
        await send('billbridge-abc-2');
      }),
    ).rejects.toThrow(/header idempotency-key differs from the value it had before as k1/);
    await expect(
      withCassette(recorded(['billbridge-abc-1', 'billbridge-abc-2']), async () => {
        await send('same-key');
        await send('same-key');
      }),
    ).rejects.toThrow(
      /header idempotency-key repeats the value of k1, where the recording sent a new one as k2/,
    );
  });
});
