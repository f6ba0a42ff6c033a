import { createChargebeeProvider } from '@billbridge/chargebee';
import { createBillingClient as createCoreClient, ValidationError } from '@billbridge/core';
import { createMemoryProvider, type MemoryProvider } from '@billbridge/memory';
import { createStripeProvider } from '@billbridge/stripe';
import { type BillingClient, createBillingClient } from 'billbridge';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badAmount,
  badIdempotencyKey,
  hostileId,
  hostileString,
  prototypeKeyOptions,
  tooLong,
  unknownKey,
} from './hostile-values.js';
import { type NetworkRecorder, recordNetwork } from './network-recorder.js';

/**
 * Runs per property: at 500, the properties over three clients plus the config ones try at least
 * 10 000 cases a run (issue 14: as many as the emulator's hostile-input run) in about a second.
 */
const RUNS = Number(process.env.BILLBRIDGE_FUZZ_RUNS ?? 500);

const STRIPE_ORIGIN = 'https://api.stripe.com';
const CHARGEBEE_SITE = 'billbridge-fuzz-test';
const CHARGEBEE_ORIGIN = `https://${CHARGEBEE_SITE}.chargebee.com`;

let network: NetworkRecorder;
let memory: MemoryProvider;
let ledgerBefore: string;
const tried: Record<string, number> = {};
let total = 0;

beforeAll(() => {
  network = recordNetwork([STRIPE_ORIGIN, CHARGEBEE_ORIGIN]);
  memory = createMemoryProvider({ flavor: 'stripe' });
  memory.createCustomer({ id: 'cus_fuzz', currency: 'usd', credit: 700 });
  memory.createInvoice({ id: 'in_fuzz', customerId: 'cus_fuzz', lines: [{ amount: 2000 }] });
  memory.finalizeInvoice('in_fuzz');
  ledgerBefore = JSON.stringify(memory.ledger('cus_fuzz'));
});

afterAll(() => {
  network.stop();
  const lines = Object.entries(tried).map(([name, count]) => `  ${name}: ${count}`);
  console.log(
    `bad-input fuzz: ${total} cases tried in this run, ${network.reached.length} reached the network\n${lines.join('\n')}`,
  );
});

const clients: Record<'memory' | 'stripe' | 'chargebee', () => BillingClient> = {
  memory: () => createBillingClient({ provider: memory }),
  stripe: () =>
    createBillingClient({ provider: 'stripe', stripe: { apiKey: 'sk_test_fuzzFakeKey0000000000000000' } }),
  chargebee: () =>
    createBillingClient({
      provider: 'chargebee',
      chargebee: { site: CHARGEBEE_SITE, apiKey: 'test_fuzzFakeKey000000' },
    }),
};

/**
 * True when the error's issues name `field` (its path, a sub-path, or an unknown key named in the
 * message). An unknown key that is not a plain identifier may be a pasted secret: the message
 * then says a name of that length is not shown, and must not contain it (checked from 8
 * characters: a shorter key can be a substring of any message).
 */
function namesField(error: ValidationError, field: string): boolean {
  return error.issues.some((issue) => {
    if (issue.path === field || issue.path.startsWith(`${field}.`)) return true;
    if (!field.startsWith('+')) return false;
    const key = field.slice(1);
    if (issue.message.includes(JSON.stringify(key))) return true;
    const hidden = issue.message.includes(`(a ${key.length}-character name not shown`);
    return hidden && (key.length < 8 || !issue.message.includes(key));
  });
}

/** Runs `call`; it must throw (or reject with) a ValidationError naming `field`, and reach no network. */
async function expectRefused(name: string, call: () => unknown, field: string) {
  tried[name] = (tried[name] ?? 0) + 1;
  total += 1;
  const before = network.reached.length;
  let error: unknown;
  try {
    await call();
  } catch (caught) {
    error = caught;
  }
  if (!ValidationError.isInstance(error)) {
    throw new Error(`${name}: expected a ValidationError naming ${field}, got ${String(error)}`);
  }
  if (!namesField(error, field)) {
    throw new Error(`${name}: the ValidationError does not name ${field}: ${JSON.stringify(error.issues)}`);
  }
  // A plain check, like the two above: an expect() per case was ~14 µs of vitest's bookkeeping,
  // for 10 000+ cases a run.
  if (network.reached.length !== before) {
    throw new Error(
      `${name}: a request reached the network: ${JSON.stringify(network.reached.slice(before))}`,
    );
  }
}

type Method = (client: BillingClient, bad: unknown) => unknown;

const idMethods: [string, string, Method][] = [
  ['voidInvoice', 'invoiceId', (c, id) => c.voidInvoice(id as string)],
  ['checkVoidable', 'invoiceId', (c, id) => c.checkVoidable(id as string)],
  ['getInvoice', 'invoiceId', (c, id) => c.getInvoice(id as string)],
  ['reverseInvoice', 'invoiceId', (c, id) => c.reverseInvoice(id as string, { paid: 'credit_balance' })],
  ['createCreditNote', 'invoiceId', (c, id) => c.createCreditNote({ invoiceId: id as string, amount: 100 })],
  ['listCreditNotes', 'invoiceId', (c, id) => c.listCreditNotes({ invoiceId: id as string })],
  ['getCreditNote', 'creditNoteId', (c, id) => c.getCreditNote(id as string)],
  ['voidCreditNote', 'creditNoteId', (c, id) => c.voidCreditNote(id as string)],
  ['getCustomerBalance', 'customerId', (c, id) => c.getCustomerBalance(id as string)],
  [
    'setSubscriptionBalanceSettings',
    'subscriptionId',
    (c, id) => c.setSubscriptionBalanceSettings(id as string, { consumeAppliedBalanceOnVoid: false }),
  ],
];

const amountFields = ['amount', 'creditAmount', 'refundAmount', 'outOfBandAmount'] as const;

const textCases: [string, string, fc.Arbitrary<unknown>, Method][] = [
  [
    'voidInvoice.reasonCode',
    'reasonCode',
    fc.oneof(tooLong(100), fc.constant('')),
    (c, v) => c.voidInvoice('in_fuzz', { reasonCode: v as string }),
  ],
  [
    'voidInvoice.comment',
    'comment',
    tooLong(300),
    (c, v) => c.voidInvoice('in_fuzz', { comment: v as string }),
  ],
  [
    'voidInvoice.idempotencyKey',
    'idempotencyKey',
    badIdempotencyKey,
    (c, v) => c.voidInvoice('in_fuzz', { idempotencyKey: v as string }),
  ],
  [
    'reverseInvoice.comment',
    'comment',
    tooLong(300),
    (c, v) => c.reverseInvoice('in_fuzz', { comment: v as string }),
  ],
  [
    'createCreditNote.memo',
    'memo',
    tooLong(300),
    (c, v) => c.createCreditNote({ invoiceId: 'in_fuzz', memo: v as string }),
  ],
  [
    'createCreditNote.reasonCode',
    'reasonCode',
    tooLong(100),
    (c, v) => c.createCreditNote({ invoiceId: 'in_fuzz', reasonCode: v as string }),
  ],
  [
    'createCreditNote.idempotencyKey',
    'idempotencyKey',
    badIdempotencyKey,
    (c, v) => c.createCreditNote({ invoiceId: 'in_fuzz', idempotencyKey: v as string }),
  ],
  [
    'voidCreditNote.comment',
    'comment',
    tooLong(300),
    (c, v) => c.voidCreditNote('cn_fuzz', { comment: v as string }),
  ],
  [
    'getCustomerBalance.currency',
    'currency',
    fc.oneof(hostileString(), fc.constantFrom('USD', 'us', 'usdd', '', 'u$d')),
    (c, v) => c.getCustomerBalance('cus_fuzz', { currency: v as string }),
  ],
  [
    'setSubscriptionBalanceSettings.consumeAppliedBalanceOnVoid',
    'consumeAppliedBalanceOnVoid',
    fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined)),
    (c, v) => c.setSubscriptionBalanceSettings('sub_fuzz', { consumeAppliedBalanceOnVoid: v as boolean }),
  ],
  [
    'voidInvoice.appliedBalance',
    'appliedBalance',
    fc.string().filter((v) => v !== 'return' && v !== 'consume'),
    (c, v) => c.voidInvoice('in_fuzz', { appliedBalance: v as 'return' }),
  ],
  [
    'reverseInvoice.paid',
    'paid',
    fc.string(),
    (c, v) => c.reverseInvoice('in_fuzz', { paid: v as 'refund' }),
  ],
  [
    'voidInvoice.signal',
    'signal',
    fc.oneof(fc.object({ maxDepth: 1 }), fc.string(), fc.integer()),
    (c, v) => c.voidInvoice('in_fuzz', { signal: v as AbortSignal }),
  ],
];

const optionKeys: [
  string,
  readonly string[],
  (c: BillingClient, options: Record<string, unknown>) => unknown,
][] = [
  [
    'voidInvoice',
    ['appliedBalance', 'reasonCode', 'comment', 'idempotencyKey', 'providerOptions', 'signal'],
    (c, o) => c.voidInvoice('in_fuzz', o),
  ],
  [
    'reverseInvoice',
    [
      'appliedBalance',
      'reasonCode',
      'comment',
      'idempotencyKey',
      'providerOptions',
      'signal',
      'paid',
      'reason',
    ],
    (c, o) => c.reverseInvoice('in_fuzz', o),
  ],
  ['getInvoice', ['signal'], (c, o) => c.getInvoice('in_fuzz', o)],
  ['checkVoidable', ['signal'], (c, o) => c.checkVoidable('in_fuzz', o)],
  ['voidCreditNote', ['comment', 'idempotencyKey', 'signal'], (c, o) => c.voidCreditNote('cn_fuzz', o)],
  ['getCustomerBalance', ['currency', 'signal'], (c, o) => c.getCustomerBalance('cus_fuzz', o)],
  [
    'createCreditNote',
    [
      'invoiceId',
      'amount',
      'reason',
      'reasonCode',
      'memo',
      'creditAmount',
      'refundAmount',
      'outOfBandAmount',
      'idempotencyKey',
      'signal',
    ],
    (c, o) => c.createCreditNote({ invoiceId: 'in_fuzz', ...o } as never),
  ],
  [
    'listCreditNotes',
    ['invoiceId', 'signal'],
    (c, o) => c.listCreditNotes({ invoiceId: 'in_fuzz', ...o } as never),
  ],
  [
    'setSubscriptionBalanceSettings',
    ['consumeAppliedBalanceOnVoid', 'idempotencyKey', 'signal'],
    (c, o) =>
      c.setSubscriptionBalanceSettings('sub_fuzz', { consumeAppliedBalanceOnVoid: false, ...o } as never),
  ],
];

for (const [providerName, makeClient] of Object.entries(clients)) {
  describe(`bad input through createBillingClient('${providerName}'): ValidationError naming the field, no request`, () => {
    const client = makeClient();

    it('hostile ids on every method that takes one', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...idMethods), hostileId, async ([name, field, method], id) =>
          expectRefused(`${providerName}.${name}(${field})`, () => method(client, id), field),
        ),
        { numRuns: RUNS * 2 },
      );
    });

    it('amounts that are not positive safe integers (floats, negatives, NaN, Infinity, > 2^53)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...amountFields), badAmount, async (field, amount) =>
          expectRefused(
            `${providerName}.createCreditNote(${field})`,
            () => client.createCreditNote({ invoiceId: 'in_fuzz', [field]: amount } as never),
            field,
          ),
        ),
        { numRuns: RUNS },
      );
    });

    it('over-long or malformed reason codes, comments, memos, keys, currencies, enums', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...textCases)
            .chain(([name, field, arbitrary, method]) =>
              arbitrary.map((value) => ({ name, field, method, value })),
            ),
          async ({ name, field, method, value }) =>
            expectRefused(`${providerName}.${name}`, () => method(client, value), field),
        ),
        { numRuns: RUNS },
      );
    });

    it('unknown option keys', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...optionKeys)
            .chain(([name, allowed, method]) => unknownKey(allowed).map((key) => ({ name, key, method }))),
          async ({ name, key, method }) =>
            expectRefused(
              `${providerName}.${name}(unknown key)`,
              () => method(client, { [key]: 'x' }),
              `+${key}`,
            ),
        ),
        { numRuns: RUNS },
      );
    });

    it('__proto__ / constructor / prototype keys in providerOptions (own keys, from JSON.parse)', async () => {
      await fc.assert(
        fc.asyncProperty(prototypeKeyOptions, fc.boolean(), async ({ value }, viaReverse) =>
          expectRefused(
            `${providerName}.${viaReverse ? 'reverseInvoice' : 'voidInvoice'}(providerOptions)`,
            () =>
              viaReverse
                ? client.reverseInvoice('in_fuzz', { providerOptions: value as never })
                : client.voidInvoice('in_fuzz', { providerOptions: value as never }),
            'providerOptions',
          ),
        ),
        { numRuns: Math.ceil(RUNS / 3) },
      );
      // Nothing was polluted.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
}

describe('bad config entries: ValidationError naming the field, no request', () => {
  it('createStripeProvider', async () => {
    const cases = fc.oneof(
      fc
        .oneof(fc.constant(''), fc.integer(), fc.constant(null))
        .map((apiKey) => ({ settings: { apiKey }, field: 'apiKey' })),
      fc
        .oneof(hostileString(), fc.constantFrom('2019-13-45x', 'latest', '', '2019-12-03/../v2'))
        .map((apiVersion) => ({ settings: { apiKey: 'sk_test_x', apiVersion }, field: 'apiVersion' })),
      badAmount.map((timeout) => ({ settings: { apiKey: 'sk_test_x', timeout }, field: 'timeout' })),
      fc
        .oneof(badAmount, fc.integer({ min: 65_536 }))
        .map((port) => ({ settings: { apiKey: 'sk_test_x', port }, field: 'port' })),
      unknownKey([
        'client',
        'apiKey',
        'apiVersion',
        'recordVoidReasonAsMetadata',
        'host',
        'port',
        'protocol',
        'timeout',
      ]).map((key) => ({ settings: { apiKey: 'sk_test_x', [key]: 1 }, field: `+${key}` })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ settings, field }) =>
        expectRefused('createStripeProvider', () => createStripeProvider(settings as never), field),
      ),
      { numRuns: RUNS },
    );
  });

  it('createChargebeeProvider', async () => {
    const siteFragments = ['/', '?', '#', '@', ':', ' ', '\n', '\u0000', 'é', '%2F', '\\', '_'];
    const cases = fc.oneof(
      fc
        .oneof(hostileString(siteFragments), fc.constantFrom('', '-site', '.site'), tooLong(100))
        .map((site) => ({ settings: { site, apiKey: 'test_x' }, field: 'site' })),
      fc
        .oneof(fc.constant(''), fc.integer(), fc.constant(null))
        .map((apiKey) => ({ settings: { site: 'acme-test', apiKey }, field: 'apiKey' })),
      fc.oneof(badAmount, fc.integer({ min: 600_001 })).map((timeoutMs) => ({
        settings: { site: 'acme-test', apiKey: 'test_x', timeoutMs },
        field: 'timeoutMs',
      })),
      unknownKey([
        'client',
        'site',
        'apiKey',
        'voidCreatesCreditNote',
        'timeoutMs',
        'hostSuffix',
        'protocol',
        'port',
      ]).map((key) => ({ settings: { site: 'acme-test', apiKey: 'test_x', [key]: 1 }, field: `+${key}` })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ settings, field }) =>
        expectRefused('createChargebeeProvider', () => createChargebeeProvider(settings as never), field),
      ),
      { numRuns: RUNS },
    );
  });

  it('createMemoryProvider', async () => {
    const cases = fc.oneof(
      fc
        .string()
        .filter((flavor) => flavor !== 'stripe' && flavor !== 'chargebee')
        .map((flavor) => ({ settings: { flavor }, field: 'flavor' })),
      fc
        .oneof(hostileString(), fc.constantFrom('2019-11-5', 'latest'))
        .map((apiVersion) => ({ settings: { apiVersion }, field: 'apiVersion' })),
      fc
        .oneof(
          fc.double().filter((n) => !Number.isInteger(n)),
          fc.string(),
        )
        .map((idSeed) => ({ settings: { idSeed }, field: 'idSeed' })),
      unknownKey(['flavor', 'apiVersion', 'voidCreatesCreditNote', 'now', 'idSeed']).map((key) => ({
        settings: { [key]: 1 },
        field: `+${key}`,
      })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ settings, field }) =>
        expectRefused('createMemoryProvider', () => createMemoryProvider(settings as never), field),
      ),
      { numRuns: RUNS },
    );
  });

  it('createBillingClient (umbrella and core)', async () => {
    const retryFields = ['maxAttempts', 'baseDelayMs', 'maxDelayMs', 'totalBudgetMs'] as const;
    const cases = fc.oneof(
      fc
        .string()
        .filter((name) => !['memory', 'stripe', 'chargebee'].includes(name))
        .map((provider) => ({ config: { provider }, field: 'provider' })),
      fc
        .tuple(
          fc.constantFrom(...retryFields),
          fc.oneof(
            // 0 (and -0) is a valid delay or budget: only negative, fractional, huge or non-numbers here.
            badAmount.filter(
              (value) => !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0),
            ),
            fc.integer({ min: 700_000 }),
          ),
        )
        .map(([key, value]) => ({
          config: { provider: 'memory', retry: { [key]: value } },
          field: `retry.${key}`,
        })),
      unknownKey(['provider', 'memory', 'stripe', 'chargebee', 'retry', 'env']).map((key) => ({
        config: { [key]: 1 },
        field: `+${key}`,
      })),
      fc.constant({ config: { provider: 'stripe', stripe: { apiKey: '' } }, field: 'stripe.apiKey' }),
      hostileString(['/', '?', '#', ' ']).map((site) => ({
        config: { provider: 'chargebee', chargebee: { site, apiKey: 'test_x' } },
        field: 'chargebee.site',
      })),
    );
    await fc.assert(
      fc.asyncProperty(cases, fc.boolean(), async ({ config, field }, core) => {
        if (core && 'retry' in config) {
          const { provider: _name, ...rest } = config;
          return expectRefused(
            'core createBillingClient',
            () => createCoreClient({ provider: memory, ...rest } as never),
            field,
          );
        }
        return expectRefused('createBillingClient', () => createBillingClient(config as never), field);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('after all bad input', () => {
  it('no request reached the network, and the memory provider saw no call and kept its state', () => {
    expect(total).toBeGreaterThanOrEqual(RUNS * 20);
    expect(network.reached).toEqual([]);
    expect(memory.calls).toHaveLength(0);
    expect(JSON.stringify(memory.ledger('cus_fuzz'))).toBe(ledgerBefore);
  });
});
