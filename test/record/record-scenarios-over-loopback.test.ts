import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  type Cassette,
  type RecordMode,
  readCassette,
  scrubCassette,
  withCassette,
} from '@billbridge/testing';
import Chargebee from 'chargebee';
import nock from 'nock';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCredentials } from '../reliability/find-credentials.js';
import { chargebeeRecordingKit } from './chargebee-recording-scenarios.js';
import { fakeChargebeeApi } from './fake-chargebee-api.js';
import { fakeStripeApi } from './fake-stripe-api.js';
import {
  createLoopbackProviderFake,
  type FakeLeaks,
  type FakeProviderApi,
  type LoopbackProviderFake,
} from './loopback-provider-fake.js';
import type { ProviderConnection } from './provider-connection.js';
import { recordScenario } from './record-scenario.js';
import type { RecordingKit } from './recording-scenario.js';
import { stripeRecordingKit } from './stripe-recording-scenarios.js';

/**
 * Record mode end to end without a network: every recordable scenario runs its setup through the
 * raw SDK against a loopback fake of the provider, records its billbridge calls (answered like the
 * documented cassette, but with the fake's own fresh ids), and must write a cassette that is a
 * drop-in replacement for the documented one: the same requests, the documented answers (scrubbed),
 * `source: recorded`, no secret, and playable by `withCassette` for the same calls.
 */
const cassetteRoot = resolve(import.meta.dirname, '../cassettes');
const STRIPE_KEY = 'sk_test_51RecordScenariosLoopback00000000000';
const CHARGEBEE_KEY = 'test_RecordScenariosLoopbackKey0000000';
const SITE = 'acme-corp-test';
const LEAKED_EMAIL = 'ada@lovelace.dev';
const LEAKED_ACCOUNT = 'acct_1LeakedByTheFake0';

let dir: string;
beforeAll(() => {
  nock.disableNetConnect();
  dir = mkdtempSync(join(tmpdir(), 'billbridge-record-scenarios-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  nock.cleanAll();
});

const requestsOf = (cassette: Cassette) =>
  cassette.interactions.map(({ request }) => ({
    method: request.method,
    path: request.path,
    body: request.body ?? {},
  }));

const answersOf = (cassette: Cassette) =>
  cassette.interactions.map(({ response }) => ({ status: response.status, body: response.body }));

interface LoopbackCase<Sdk> {
  kit: RecordingKit<Sdk>;
  api: FakeProviderApi;
  mode: RecordMode;
  leaks: FakeLeaks;
  connect(fake: LoopbackProviderFake): ProviderConnection<Sdk>;
  /** Strings that must not be in any written cassette. */
  forbidden: string[];
}

function describeRecordingOverLoopback<Sdk>(loopback: LoopbackCase<Sdk>) {
  const { kit, mode } = loopback;
  describe(`record mode: ${kit.provider} scenarios over a loopback fake`, () => {
    let fake: LoopbackProviderFake;
    beforeAll(async () => {
      fake = await createLoopbackProviderFake(loopback.api, loopback.leaks);
    });
    afterAll(() => fake.close());

    async function record(scenario: (typeof kit.scenarios)[number]) {
      const documentedFile = join(cassetteRoot, kit.provider, scenario.cassette);
      const documented = readCassette(documentedFile);
      const cassetteDir = join(dir, kit.provider);
      rmSync(cassetteDir, { recursive: true, force: true });
      // As in the repository: the documented cassette is there, and the recording replaces it.
      mkdirSync(dirname(join(cassetteDir, scenario.cassette)), { recursive: true });
      copyFileSync(documentedFile, join(cassetteDir, scenario.cassette));
      fake.play(documented);
      const connection = loopback.connect(fake);
      const recorded = await recordScenario({ mode, kit, scenario, cassetteDir, connection, runId: 'loop1' });
      return { documented, recorded, connection };
    }

    for (const scenario of kit.scenarios) {
      it(`${scenario.cassette}: the same requests, the documented answers, scrubbed, playable`, async () => {
        const { documented, recorded, connection } = await record(scenario);
        expect(fake.problems).toEqual([]);
        // Real exchanges: every documented interaction was asked for, each with credentials.
        expect(fake.received.record).toHaveLength(documented.interactions.length);
        for (const request of [...fake.received.setup, ...fake.received.record])
          expect(request.authorization).toMatch(/^(Basic|Bearer) /);
        // Every id the recording rewrote is one the fake made (ids kept as they are, like in_missing, aside).
        for (const [realId, documentedId] of Object.entries(recorded.ids))
          if (realId !== documentedId) expect(fake.made(realId)).toBe(true);

        const written = readCassette(recorded.file);
        expect(written).toEqual(recorded.cassette);
        expect(written.meta).toEqual({
          ...documented.meta,
          source: 'recorded',
          origin: `http://127.0.0.1:${fake.recordPort}`,
        });
        expect(Object.keys(written.meta)).toEqual(Object.keys(documented.meta));
        expect(requestsOf(written)).toEqual(requestsOf(documented));
        const scrubbedDocumented = scrubCassette(documented, { secrets: [mode.apiKey], site: SITE });
        expect(answersOf(written)).toEqual(answersOf(scrubbedDocumented));

        const text = readFileSync(recorded.file, 'utf8');
        for (const leak of loopback.forbidden) expect(text).not.toContain(leak);
        expect(text).not.toMatch(/authorization|set-cookie|stripe-account|x-debug/i);
        expect(text).not.toMatch(/acct_(?!REDACTED)[A-Za-z0-9]/);
        for (const email of text.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? [])
          expect(email).toBe('customer@example.com');
        expect(findCredentials(text)).toEqual([]);

        // Net connect is off again: nothing reaches the loopback provider outside a recording.
        await expect(fetch(`http://127.0.0.1:${fake.recordPort}/after-recording`)).rejects.toThrow();
        expect(fake.received.record).toHaveLength(documented.interactions.length);

        // The cassette player accepts the recording for the same billbridge calls, with the documented ids.
        await withCassette(recorded.file, () =>
          scenario.run({ createSdk: connection.createSdk, ids: scenario.documentedIds, runId: 'replay' }),
        );
        expect(fake.received.record).toHaveLength(documented.interactions.length);
      });
    }

    it('without the id rewrite, a recording is not a drop-in replacement (the checks above can fail)', async () => {
      const scenario = kit.scenarios.find((candidate) => Object.keys(candidate.documentedIds).length > 1)!;
      const { documented, recorded } = await record({ ...scenario, documentedIds: {} });
      expect(fake.problems).toEqual([]);
      expect(requestsOf(recorded.cassette)).not.toEqual(requestsOf(documented));
      expect(recorded.ids).toEqual({});
    });
  });
}

function stripeSdk(port: number, apiKey: string): Stripe {
  return new Stripe(apiKey, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    telemetry: false,
    maxNetworkRetries: 0,
  });
}

function chargebeeSdk(port: number, apiKey: string): Chargebee {
  return new Chargebee({ site: '127.0.0.1', apiKey, hostSuffix: '', protocol: 'http', port });
}

describeRecordingOverLoopback<Stripe>({
  kit: stripeRecordingKit,
  api: fakeStripeApi,
  mode: { provider: 'stripe', apiKey: STRIPE_KEY },
  leaks: {
    headers: {
      'set-cookie': `machine=${STRIPE_KEY}`,
      'stripe-account': LEAKED_ACCOUNT,
      'x-debug': LEAKED_EMAIL,
    },
  },
  connect: (fake) => ({
    setupSdk: stripeSdk(fake.setupPort, STRIPE_KEY),
    createSdk: (apiKey = STRIPE_KEY) => stripeSdk(fake.recordPort, apiKey),
    host: '127.0.0.1',
  }),
  forbidden: [
    STRIPE_KEY,
    Buffer.from(`${STRIPE_KEY}:`).toString('base64'),
    LEAKED_ACCOUNT,
    LEAKED_EMAIL,
    // In the documented answers the fake sends back: Stripe's example account and customer email.
    'acct_1M2JTkLkdIwHu7ix',
    'jennyrosen@example.com',
  ],
});

describeRecordingOverLoopback<Chargebee>({
  kit: chargebeeRecordingKit,
  api: fakeChargebeeApi,
  mode: { provider: 'chargebee', apiKey: CHARGEBEE_KEY, site: SITE },
  leaks: {
    headers: {
      'set-cookie': `site=${SITE}`,
      'x-debug': `${CHARGEBEE_KEY} ${LEAKED_EMAIL} ${LEAKED_ACCOUNT}`,
    },
  },
  connect: (fake) => ({
    setupSdk: chargebeeSdk(fake.setupPort, CHARGEBEE_KEY),
    createSdk: (apiKey = CHARGEBEE_KEY) => chargebeeSdk(fake.recordPort, apiKey),
    host: '127.0.0.1',
  }),
  forbidden: [
    CHARGEBEE_KEY,
    Buffer.from(`${CHARGEBEE_KEY}:`).toString('base64'),
    SITE,
    LEAKED_EMAIL,
    LEAKED_ACCOUNT,
  ],
});
