#!/usr/bin/env node
// Writes billbridge's documented Stripe cassettes (test/cassettes/stripe/**). Run from the repo root:
//
//   node packages/stripe/scripts/author-stripe-cassettes.mjs
//
// Stripe's sandbox cannot be reached from where these were made, so every exchange is authored
// from Stripe's documented examples (the `POST /v1/invoices/:id/void` example response in
// Stripe's API reference, seed 001; the 2019-12-03 changelog, seed 000) with billbridge's
// standard amounts (customer credit 500, invoice total 2000, 1500 due, credit notes 300), and
// marked `source: "documented"`; a cassette re-recorded from a test account (`pnpm record`,
// `source: "recorded"`) is kept as it is. Objects of an API version keep only the top-level fields that
// version's spec lists. The tests validate every request and response against the spec subset in
// test/spec-data/stripe/ (see docs/stripe.md).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { creditNote2019, customer2019, invoice2019, subscription2019 } from './stripe-2019-objects.mjs';
import { currentCreditNote, currentCustomer, currentInvoice, customerId } from './stripe-current-objects.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const outDir = join(root, 'test/cassettes/stripe');
const sdkVersion = `stripe@${JSON.parse(readFileSync(join(root, 'node_modules/stripe/package.json'), 'utf8')).version}`;
const DEFAULT_VERSION = '2026-10-28.endive';
const OLD_VERSION = '2019-11-05';

/** Each object in the shape of the cassette's API version: today's, or 2019-11-05's. */
function invoice(apiVersion, options) {
  return apiVersion === DEFAULT_VERSION ? currentInvoice(options) : invoice2019(apiVersion, options);
}

function creditNote(apiVersion, options) {
  if (apiVersion !== DEFAULT_VERSION) return creditNote2019(apiVersion, options);
  const { amount = 300, type = 'pre_payment', ...rest } = options;
  if (type === 'pre_payment') return currentCreditNote({ ...rest, prePayment: amount });
  return currentCreditNote({ ...rest, credited: amount });
}

function customer(apiVersion, options) {
  return apiVersion === DEFAULT_VERSION ? currentCustomer(options) : customer2019(apiVersion, options);
}

function subscription(apiVersion, options) {
  if (apiVersion === DEFAULT_VERSION) throw new Error('no current-version subscription cassette is authored');
  return subscription2019(apiVersion, options);
}

function stripeError(type, message, extra = {}) {
  return { error: { type, message, ...extra } };
}

let requestCounter = 0;
function requestId() {
  requestCounter += 1;
  return `req_bb${String(requestCounter).padStart(10, '0')}`;
}

/** One exchange. `key`: the exact Idempotency-Key (POSTs), or `*`. */
function exchange(apiVersion, note, method, path, body, status, responseBody, options = {}) {
  const headers = { 'stripe-version': apiVersion };
  if (method === 'POST') headers['idempotency-key'] = options.key ?? '*';
  return {
    note,
    request: { method, path, body, headers },
    response: {
      status,
      headers: { 'request-id': requestId(), ...(options.responseHeaders ?? {}) },
      body: responseBody,
    },
  };
}

function write(file, apiVersion, description, interactions) {
  const cassette = {
    meta: {
      provider: 'stripe',
      apiVersion,
      sdkVersion,
      source: 'documented',
      origin: 'https://api.stripe.com',
      description,
    },
    interactions,
  };
  const path = join(outDir, file);
  mkdirSync(dirname(path), { recursive: true });
  const recordedText = recorded.get(file);
  if (recordedText !== undefined) console.log(`kept ${file}: recorded from a test account (pnpm record)`);
  writeFileSync(path, recordedText ?? `${JSON.stringify(cassette, null, 2)}\n`);
}

/** Cassettes re-recorded from a test account (`pnpm record`, source "recorded"), by path under outDir: kept as they are. */
function recordedCassettes(dir, prefix = '') {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return [...recordedCassettes(path, `${prefix}${entry.name}/`)];
      if (!entry.name.endsWith('.json')) return [];
      const text = readFileSync(path, 'utf8');
      return JSON.parse(text).meta?.source === 'recorded' ? [[`${prefix}${entry.name}`, text]] : [];
    }),
  );
}

const IN_OPEN = 'in_1MtGmCLkdIwHu7ix6PgS6g8S';
const IN_OTHER = 'in_1MtGnDLkdIwHu7ixQ3xKp0aB';
const IN_MISSING = 'in_missing';
const SUB = 'sub_1MowQVLkdIwHu7ixeRlqHVzs';
const CN = 'cn_1MxvRqLkdIwHu7ixY0xbUcxk';
const notVoidable = (status) =>
  stripeError(
    'invalid_request_error',
    `You can only pass in open or uncollectible invoices to this endpoint. This invoice is ${status}.`,
  );
const notFound = (id) =>
  stripeError('invalid_request_error', `No such invoice: '${id}'`, { code: 'resource_missing', param: 'id' });

// ---- Standalone cassettes (packages/stripe/test and test/contract/stripe) ----
const recorded = recordedCassettes(outDir);
rmSync(outDir, { recursive: true, force: true });

for (const [file, apiVersion, body, balanceNote] of [
  [
    'void-applied-credit-default.json',
    DEFAULT_VERSION,
    {},
    'API >= 2019-12-03 returns the applied balance: nothing extra is sent',
  ],
  [
    'void-applied-credit-2019-11-05-return.json',
    OLD_VERSION,
    { consume_applied_balance: 'false' },
    "API < 2019-12-03, appliedBalance 'return': consume_applied_balance=false (Stripe changelog 2019-12-03)",
  ],
  [
    'void-applied-credit-2019-11-05-consume.json',
    OLD_VERSION,
    {},
    "API < 2019-12-03, appliedBalance 'consume': nothing extra (that version consumes by default)",
  ],
]) {
  write(file, apiVersion, `void of an open invoice with 500 of customer credit applied; ${balanceNote}`, [
    exchange(
      apiVersion,
      balanceNote,
      'POST',
      `/v1/invoices/${IN_OPEN}/void`,
      body,
      200,
      invoice(apiVersion, { id: IN_OPEN, status: 'void' }),
      { key: 'void-key-1' },
    ),
  ]);
}

write(
  'void-with-reason-default.json',
  DEFAULT_VERSION,
  'void, then the reason code and comment written as invoice metadata',
  [
    exchange(
      DEFAULT_VERSION,
      'the void (one request, nothing extra)',
      'POST',
      `/v1/invoices/${IN_OPEN}/void`,
      {},
      200,
      invoice(DEFAULT_VERSION, { id: IN_OPEN, status: 'void' }),
      { key: 'void-key-1' },
    ),
    exchange(
      DEFAULT_VERSION,
      'written only after the void succeeded',
      'POST',
      `/v1/invoices/${IN_OPEN}`,
      {
        'metadata[billbridge_void_reason_code]': 'duplicate',
        'metadata[billbridge_void_comment]': 'Raised twice by mistake',
      },
      200,
      invoice(DEFAULT_VERSION, {
        id: IN_OPEN,
        status: 'void',
        metadata: {
          billbridge_void_reason_code: 'duplicate',
          billbridge_void_comment: 'Raised twice by mistake',
        },
      }),
      { key: 'void-key-1:metadata' },
    ),
  ],
);

for (const [status, blockerNote] of [
  ['paid', 'paid'],
  ['draft', 'draft'],
  ['void', 'already void'],
]) {
  write(
    `void-refused-${status}.json`,
    DEFAULT_VERSION,
    `void refused: the invoice is ${blockerNote}; the adapter reads it to name the blocker`,
    [
      exchange(
        DEFAULT_VERSION,
        'Stripe refuses with 400 invalid_request_error (message text is not relied on)',
        'POST',
        `/v1/invoices/${IN_OPEN}/void`,
        {},
        400,
        notVoidable(status),
        { key: 'void-key-1' },
      ),
      exchange(
        DEFAULT_VERSION,
        'read after the refusal to name the blockers',
        'GET',
        `/v1/invoices/${IN_OPEN}`,
        {},
        200,
        invoice(DEFAULT_VERSION, { id: IN_OPEN, status, paid: status === 'paid' }),
      ),
    ],
  );
}

write('void-not-found.json', DEFAULT_VERSION, 'void of an unknown invoice: 404 resource_missing', [
  exchange(
    DEFAULT_VERSION,
    '404: no read follows',
    'POST',
    `/v1/invoices/${IN_MISSING}/void`,
    {},
    404,
    notFound(IN_MISSING),
    { key: 'void-key-1' },
  ),
]);

write(
  'authentication-401.json',
  DEFAULT_VERSION,
  'a key Stripe does not accept: 401 (Stripe masks the key in its message)',
  [
    exchange(
      DEFAULT_VERSION,
      'the message carries a masked key; billbridge redacts it anyway',
      'GET',
      `/v1/invoices/${IN_OPEN}`,
      {},
      401,
      stripeError('invalid_request_error', 'Invalid API Key provided: sk_test_********************1234'),
    ),
  ],
);

write(
  'rate-limit-429.json',
  DEFAULT_VERSION,
  'too many requests: 429, with Retry-After (Stripe does not document the header on 429; included to exercise its mapping)',
  [
    exchange(
      DEFAULT_VERSION,
      '429 rate_limit',
      'POST',
      `/v1/invoices/${IN_OPEN}/void`,
      {},
      429,
      stripeError('invalid_request_error', 'Too many requests hit the API too quickly.', {
        code: 'rate_limit',
      }),
      { key: 'void-key-1', responseHeaders: { 'retry-after': '2' } },
    ),
  ],
);

write(
  'server-error-500.json',
  DEFAULT_VERSION,
  'a 500 on void: outcome unknown, so the client reads the invoice back (still open) and rethrows',
  [
    exchange(
      DEFAULT_VERSION,
      '500 api_error',
      'POST',
      `/v1/invoices/${IN_OPEN}/void`,
      {},
      500,
      stripeError('api_error', 'Sorry, something went wrong.'),
    ),
    exchange(
      DEFAULT_VERSION,
      'reconcile: the invoice is still open, so the 500 stands',
      'GET',
      `/v1/invoices/${IN_OPEN}`,
      {},
      200,
      invoice(DEFAULT_VERSION, { id: IN_OPEN, status: 'open' }),
    ),
  ],
);

write(
  'credit-note-create-open.json',
  DEFAULT_VERSION,
  'credit note of 300 on an open invoice (pre-payment: lowers amount_due)',
  [
    exchange(
      DEFAULT_VERSION,
      'pre_payment',
      'POST',
      '/v1/credit_notes',
      { invoice: IN_OPEN, amount: '300', reason: 'order_change' },
      200,
      creditNote(DEFAULT_VERSION, { invoiceId: IN_OPEN }),
      { key: 'cn-key-1' },
    ),
  ],
);

write(
  'credit-note-create-paid.json',
  DEFAULT_VERSION,
  'credit note for the full 2000 of a paid invoice, to the customer balance (post-payment)',
  [
    exchange(
      DEFAULT_VERSION,
      'post_payment: credit_amount equals amount',
      'POST',
      '/v1/credit_notes',
      { invoice: IN_OPEN, amount: '2000', credit_amount: '2000' },
      200,
      creditNote(DEFAULT_VERSION, {
        invoiceId: IN_OPEN,
        amount: 2000,
        type: 'post_payment',
        reason: null,
        balanceTransaction: 'cbtxn_1MxvRqLkdIwHu7ixS0bDd1fE',
      }),
      { key: 'cn-key-1' },
    ),
  ],
);

// Today's shapes only: what API 2025-03-31.basil and later made possible.
const IN_PARTLY_PAID = 'in_1MtGoELkdIwHu7ixP4rT1aLl';
write(
  'credit-note-create-mixed.json',
  DEFAULT_VERSION,
  'credit note of 2000 on an invoice of 2000 with 1500 paid (500 remaining): Stripe takes 500 off the amount remaining (pre_payment_amount) and settles the other 1500 (post_payment_amount) as asked, 500 refunded and 1000 to the customer balance: type mixed',
  [
    exchange(
      DEFAULT_VERSION,
      'refund_amount + credit_amount = post_payment_amount (1500); the rest of amount is pre-payment',
      'POST',
      '/v1/credit_notes',
      { invoice: IN_PARTLY_PAID, amount: '2000', refund_amount: '500', credit_amount: '1000' },
      200,
      currentCreditNote({
        id: 'cn_1MxvSsLkdIwHu7ixMx3dNote',
        invoiceId: IN_PARTLY_PAID,
        prePayment: 500,
        refunded: 500,
        credited: 1000,
        reason: null,
      }),
      { key: 'cn-key-1' },
    ),
  ],
);

write(
  'credit-note-create-refund.json',
  DEFAULT_VERSION,
  'credit note refunding the 1500 paid on a paid invoice (post-payment, one refunds[] entry)',
  [
    exchange(
      DEFAULT_VERSION,
      'post_payment: refund_amount equals amount',
      'POST',
      '/v1/credit_notes',
      { invoice: IN_OPEN, amount: '1500', refund_amount: '1500', reason: 'duplicate' },
      200,
      currentCreditNote({ invoiceId: IN_OPEN, refunded: 1500, reason: 'duplicate' }),
      { key: 'cn-key-1' },
    ),
  ],
);

write(
  'invoice-subscription.json',
  DEFAULT_VERSION,
  "an open invoice of a subscription: today's shape names the subscription in parent.subscription_details (invoice.subscription is gone since 2025-03-31.basil)",
  [
    exchange(
      DEFAULT_VERSION,
      'billing_reason subscription_cycle, parent.type subscription_details',
      'GET',
      `/v1/invoices/${IN_OPEN}`,
      {},
      200,
      invoice(DEFAULT_VERSION, { id: IN_OPEN, status: 'open', subscriptionId: SUB }),
    ),
  ],
);

write(
  'invoice-overpaid.json',
  DEFAULT_VERSION,
  'a paid invoice whose customer paid 300 more than due: amount_overpaid 300, which Stripe credits to the customer balance',
  [
    exchange(
      DEFAULT_VERSION,
      'amount_paid 1800 of 1500 due',
      'GET',
      `/v1/invoices/${IN_OPEN}`,
      {},
      200,
      invoice(DEFAULT_VERSION, { id: IN_OPEN, status: 'paid', paid: true, overpaid: 300 }),
    ),
  ],
);

write('credit-note-list.json', DEFAULT_VERSION, 'credit notes of an invoice, one page', [
  exchange(
    DEFAULT_VERSION,
    'filtered by invoice, largest page',
    'GET',
    `/v1/credit_notes?invoice=${IN_OPEN}&limit=100`,
    {},
    200,
    {
      object: 'list',
      data: [creditNote(DEFAULT_VERSION, { invoiceId: IN_OPEN })],
      has_more: false,
      url: '/v1/credit_notes',
    },
  ),
]);

write('credit-note-void.json', DEFAULT_VERSION, 'void of a credit note', [
  exchange(
    DEFAULT_VERSION,
    'no parameters',
    'POST',
    `/v1/credit_notes/${CN}/void`,
    {},
    200,
    creditNote(DEFAULT_VERSION, { invoiceId: IN_OPEN, status: 'void' }),
    { key: 'cn-void-key-1' },
  ),
]);

write('customer-balance.json', DEFAULT_VERSION, 'a customer with 500 of credit (Stripe balance -500)', [
  exchange(
    DEFAULT_VERSION,
    'negative balance = credit',
    'GET',
    `/v1/customers/${customerId}`,
    {},
    200,
    customer(DEFAULT_VERSION, { balance: -500 }),
  ),
]);

write(
  'subscription-balance-settings-2019-11-05.json',
  OLD_VERSION,
  'subscription-level switch for voids made by the subscription (API 2019-10-17 and 2019-11-05 only)',
  [
    exchange(
      OLD_VERSION,
      'return the applied balance on voids',
      'POST',
      `/v1/subscriptions/${SUB}`,
      { 'invoice_customer_balance_settings[consume_applied_balance_on_void]': 'false' },
      200,
      subscription(OLD_VERSION, { consume: false }),
      { key: 'sub-key-1' },
    ),
    exchange(
      OLD_VERSION,
      "consume it (that version's default)",
      'POST',
      `/v1/subscriptions/${SUB}`,
      { 'invoice_customer_balance_settings[consume_applied_balance_on_void]': 'true' },
      200,
      subscription(OLD_VERSION, { consume: true }),
      { key: 'sub-key-2' },
    ),
  ],
);

// ---- Conformance cassettes: one per scenario (docs/conformance.md) ----
function contract(label, apiVersion) {
  const dir = `contract/${label}`;
  const v = apiVersion;
  const returnParams = v.startsWith('2019') ? { consume_applied_balance: 'false' } : {};
  const voidOk = (note, id = IN_OPEN, key = '*', responseHeaders) =>
    exchange(
      v,
      note,
      'POST',
      `/v1/invoices/${id}/void`,
      returnParams,
      200,
      invoice(v, { id, status: 'void' }),
      { key, ...(responseHeaders ? { responseHeaders } : {}) },
    );
  const getInvoice = (note, status, extra = {}) =>
    exchange(
      v,
      note,
      'GET',
      `/v1/invoices/${IN_OPEN}`,
      {},
      200,
      invoice(v, { id: IN_OPEN, status, ...extra }),
    );
  const getCustomer = (balance) =>
    exchange(
      v,
      `customer balance ${balance}`,
      'GET',
      `/v1/customers/${customerId}`,
      {},
      200,
      customer(v, { balance }),
    );
  const scenario = (name, description, interactions) =>
    write(`${dir}/${name}.json`, v, `${name}: ${description}`, interactions);

  scenario('void-open-with-credit', 'void returns the 500 applied', [
    voidOk('the void: one request'),
    getCustomer(-500),
  ]);
  if (v.startsWith('2019')) {
    scenario('void-consume', "'consume' on 2019-11-05: nothing extra is sent and the 500 is lost", [
      exchange(
        v,
        'no consume_applied_balance: the version consumes',
        'POST',
        `/v1/invoices/${IN_OPEN}/void`,
        {},
        200,
        invoice(v, { id: IN_OPEN, status: 'void' }),
      ),
      getCustomer(0),
    ]);
  } else {
    scenario('void-consume-refused', "'consume' cannot be honoured: no request", []);
  }
  for (const [status, name] of [
    ['paid', 'void-refused-paid'],
    ['draft', 'void-refused-draft'],
    ['void', 'void-refused-void'],
  ]) {
    scenario(name, `refused, the invoice is ${status}`, [
      exchange(
        v,
        '400 invalid_request_error',
        'POST',
        `/v1/invoices/${IN_OPEN}/void`,
        returnParams,
        400,
        notVoidable(status),
      ),
      getInvoice('read to name the blocker', status, { paid: status === 'paid' }),
      getInvoice("the suite's own read", status, { paid: status === 'paid' }),
    ]);
  }
  scenario('void-idempotent-replay', 'the same key twice: Stripe replays the first response', [
    voidOk('first void', IN_OPEN, 'contract-replay-1'),
    voidOk("replayed from Stripe's idempotency record", IN_OPEN, 'contract-replay-1', {
      'idempotent-replayed': 'true',
    }),
    getCustomer(-500),
  ]);
  scenario('void-idempotency-conflict', 'the same key on another invoice: 400 idempotency_error', [
    voidOk('first void', IN_OPEN, 'contract-conflict-1'),
    exchange(
      v,
      'same key, other parameters',
      'POST',
      `/v1/invoices/${IN_OTHER}/void`,
      returnParams,
      400,
      stripeError(
        'idempotency_error',
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'contract-conflict-1' if you meant to execute a different request.",
      ),
      { key: 'contract-conflict-1' },
    ),
  ]);
  scenario('void-with-reason', 'void, then the reason code and comment as invoice metadata', [
    voidOk('the void'),
    exchange(
      v,
      'metadata written after the void',
      'POST',
      `/v1/invoices/${IN_OPEN}`,
      {
        'metadata[billbridge_void_reason_code]': 'duplicate',
        'metadata[billbridge_void_comment]': 'Raised twice by mistake',
      },
      200,
      invoice(v, {
        id: IN_OPEN,
        status: 'void',
        metadata: {
          billbridge_void_reason_code: 'duplicate',
          billbridge_void_comment: 'Raised twice by mistake',
        },
      }),
    ),
  ]);
  scenario('credit-note-lifecycle', 'create 300 on the open invoice, list, void, read', [
    exchange(
      v,
      'pre_payment credit note',
      'POST',
      '/v1/credit_notes',
      { invoice: IN_OPEN, amount: '300', reason: 'order_change' },
      200,
      creditNote(v, { invoiceId: IN_OPEN }),
    ),
    exchange(v, 'list by invoice', 'GET', `/v1/credit_notes?invoice=${IN_OPEN}&limit=100`, {}, 200, {
      object: 'list',
      data: [creditNote(v, { invoiceId: IN_OPEN })],
      has_more: false,
      url: '/v1/credit_notes',
    }),
    exchange(
      v,
      'void',
      'POST',
      `/v1/credit_notes/${CN}/void`,
      {},
      200,
      creditNote(v, { invoiceId: IN_OPEN, status: 'void' }),
    ),
    exchange(
      v,
      'read back',
      'GET',
      `/v1/credit_notes/${CN}`,
      {},
      200,
      creditNote(v, { invoiceId: IN_OPEN, status: 'void' }),
    ),
  ]);
  scenario('reverse-open', 'read (open), then void', [
    getInvoice('checkVoidable', 'open'),
    voidOk('the void'),
  ]);
  scenario('reverse-paid', 'read (paid), then a credit note for the whole 2000 to the customer balance', [
    getInvoice('checkVoidable', 'paid', { paid: true }),
    exchange(
      v,
      'post_payment, credit_amount 2000',
      'POST',
      '/v1/credit_notes',
      { invoice: IN_OPEN, amount: '2000', credit_amount: '2000' },
      200,
      creditNote(v, {
        invoiceId: IN_OPEN,
        amount: 2000,
        type: 'post_payment',
        reason: null,
        balanceTransaction: 'cbtxn_1MxvRqLkdIwHu7ixS0bDd1fE',
      }),
    ),
  ]);
  scenario('reverse-paid-refused', 'read (paid) only', [getInvoice('checkVoidable', 'paid', { paid: true })]);
  scenario('not-found', 'read and void of an unknown invoice', [
    exchange(v, '404', 'GET', `/v1/invoices/${IN_MISSING}`, {}, 404, notFound(IN_MISSING)),
    exchange(
      v,
      '404: no read follows',
      'POST',
      `/v1/invoices/${IN_MISSING}/void`,
      returnParams,
      404,
      notFound(IN_MISSING),
    ),
  ]);
  if (v.startsWith('2019')) {
    scenario('subscription-balance-settings', 'both values are sent', [
      exchange(
        v,
        'false',
        'POST',
        `/v1/subscriptions/${SUB}`,
        { 'invoice_customer_balance_settings[consume_applied_balance_on_void]': 'false' },
        200,
        subscription(v, { consume: false }),
      ),
      exchange(
        v,
        'true',
        'POST',
        `/v1/subscriptions/${SUB}`,
        { 'invoice_customer_balance_settings[consume_applied_balance_on_void]': 'true' },
        200,
        subscription(v, { consume: true }),
      ),
    ]);
  } else {
    scenario(
      'subscription-balance-settings',
      'false is native (no request); true is refused (no request)',
      [],
    );
  }
  scenario('bad-input', 'refused before any request', []);
}

contract('2026-10-28', DEFAULT_VERSION);
contract('2019-11-05', OLD_VERSION);

// ---- The parity application (test/contract/memory-parity.test.ts), per API version ----
// The same ids are in test/contract/memory-parity.test.ts (STRIPE_PARITY).
const STRIPE_PARITY = {
  customerId,
  openInvoiceId: IN_OPEN,
  /** Paid in full (500 of credit applied, 1500 paid): the void is refused. */
  paidInvoiceId: 'in_1MtGpFLkdIwHu7ixR7yZq2Bc',
  /** Open (500 applied, 1500 due): gets a credit note of 300. */
  otherInvoiceId: IN_OTHER,
  idempotencyKey: 'parity-void-1',
};

function parity(label, apiVersion) {
  const v = apiVersion;
  const P = STRIPE_PARITY;
  const returnParams = v.startsWith('2019') ? { consume_applied_balance: 'false' } : {};
  const metadata = {
    billbridge_void_reason_code: 'duplicate',
    billbridge_void_comment: 'Raised twice by mistake',
  };
  const replayed = { 'idempotent-replayed': 'true' };
  const voidAndMetadata = (note, responseHeaders) => [
    exchange(
      v,
      note,
      'POST',
      `/v1/invoices/${P.openInvoiceId}/void`,
      returnParams,
      200,
      invoice(v, { id: P.openInvoiceId, status: 'void' }),
      { key: P.idempotencyKey, ...(responseHeaders ? { responseHeaders } : {}) },
    ),
    exchange(
      v,
      `${note}: the reason and comment as metadata`,
      'POST',
      `/v1/invoices/${P.openInvoiceId}`,
      {
        'metadata[billbridge_void_reason_code]': 'duplicate',
        'metadata[billbridge_void_comment]': 'Raised twice by mistake',
      },
      200,
      invoice(v, { id: P.openInvoiceId, status: 'void', metadata }),
      { key: `${P.idempotencyKey}:metadata`, ...(responseHeaders ? { responseHeaders } : {}) },
    ),
  ];
  write(
    `parity/${label}.json`,
    v,
    `The parity application (test/contract/memory-parity.test.ts) on Stripe ${v}.`,
    [
      exchange(
        v,
        'checkVoidable',
        'GET',
        `/v1/invoices/${P.openInvoiceId}`,
        {},
        200,
        invoice(v, { id: P.openInvoiceId, status: 'open' }),
      ),
      ...voidAndMetadata('the void'),
      ...voidAndMetadata('the same key again: Stripe replays both', replayed),
      exchange(
        v,
        'the balance: the 500 came back',
        'GET',
        `/v1/customers/${P.customerId}`,
        {},
        200,
        customer(v, { balance: -500 }),
      ),
      exchange(
        v,
        'refused: paid',
        'POST',
        `/v1/invoices/${P.paidInvoiceId}/void`,
        returnParams,
        400,
        notVoidable('paid'),
      ),
      exchange(
        v,
        'read to name the blocker',
        'GET',
        `/v1/invoices/${P.paidInvoiceId}`,
        {},
        200,
        invoice(v, { id: P.paidInvoiceId, status: 'paid', paid: true }),
      ),
      exchange(
        v,
        'pre_payment credit note of 300',
        'POST',
        '/v1/credit_notes',
        { invoice: P.otherInvoiceId, amount: '300', reason: 'order_change' },
        200,
        creditNote(v, { invoiceId: P.otherInvoiceId }),
      ),
      exchange(
        v,
        'list by invoice',
        'GET',
        `/v1/credit_notes?invoice=${P.otherInvoiceId}&limit=100`,
        {},
        200,
        {
          object: 'list',
          data: [creditNote(v, { invoiceId: P.otherInvoiceId })],
          has_more: false,
          url: '/v1/credit_notes',
        },
      ),
      exchange(
        v,
        'void of the note',
        'POST',
        `/v1/credit_notes/${CN}/void`,
        {},
        200,
        creditNote(v, { invoiceId: P.otherInvoiceId, status: 'void' }),
      ),
    ],
  );
}

parity('2026-10-28', DEFAULT_VERSION);
parity('2019-11-05', OLD_VERSION);
console.log(`wrote cassettes to ${outDir}`);
