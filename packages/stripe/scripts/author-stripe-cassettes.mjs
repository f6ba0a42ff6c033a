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

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const outDir = join(root, 'test/cassettes/stripe');
const sdkVersion = `stripe@${JSON.parse(readFileSync(join(root, 'node_modules/stripe/package.json'), 'utf8')).version}`;
const DEFAULT_VERSION = '2026-10-28.endive';
const OLD_VERSION = '2019-11-05';

function specFor(apiVersion) {
  const file = apiVersion.startsWith('2019')
    ? 'stripe-openapi-2019-11-05.json'
    : 'stripe-openapi-2023-08-16.json';
  return JSON.parse(readFileSync(join(root, 'test/spec-data/stripe', file), 'utf8'));
}

/** Keeps the top-level fields the version's schema lists (older versions have fewer). */
function keepKnownFields(object, schemaName, apiVersion) {
  const properties = specFor(apiVersion).components.schemas[schemaName].properties;
  return Object.fromEntries(Object.entries(object).filter(([key]) => key in properties));
}

const created = 1680644467;
const customerId = 'cus_NeZwdNtLEOXuvB';

/** An invoice shaped like Stripe's documented example (API reference, "Void an invoice"). */
function invoice(apiVersion, options) {
  const {
    id,
    status,
    total = 2000,
    applied = 500,
    paid = false,
    metadata = {},
    customer = customerId,
  } = options;
  const finalized = status !== 'draft';
  const startingBalance = finalized ? -applied : 0;
  const endingBalance = finalized ? 0 : null;
  const due = finalized ? total - applied : total;
  const amountPaid = paid ? due : 0;
  const remaining = status === 'open' || status === 'draft' ? due - amountPaid : 0;
  const raw = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Stripe Docs',
    account_tax_ids: null,
    amount_due: due,
    amount_paid: amountPaid,
    amount_remaining: remaining,
    amount_shipping: 0,
    application: null,
    application_fee_amount: null,
    attempt_count: paid ? 1 : 0,
    attempted: paid,
    auto_advance: false,
    automatic_tax: { enabled: false, status: null },
    billing_reason: 'manual',
    charge: null,
    collection_method: 'charge_automatically',
    created,
    currency: 'usd',
    custom_fields: null,
    customer,
    customer_address: null,
    customer_email: 'jennyrosen@example.com',
    customer_name: 'Jenny Rosen',
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discount: null,
    discounts: [],
    due_date: null,
    ending_balance: endingBalance,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: finalized ? `https://invoice.stripe.com/i/acct_1M2JTkLkdIwHu7ix/test_${id}` : null,
    invoice_pdf: finalized ? `https://pay.stripe.com/invoice/acct_1M2JTkLkdIwHu7ix/test_${id}/pdf` : null,
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata,
    next_payment_attempt: null,
    number: finalized ? 'A1B2C3D4-0001' : null,
    on_behalf_of: null,
    paid,
    paid_out_of_band: false,
    payment_intent: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: options.postPaymentCredited ?? 0,
    pre_payment_credit_notes_amount: options.prePaymentCredited ?? 0,
    quote: null,
    receipt_number: null,
    rendering_options: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: startingBalance,
    statement_descriptor: null,
    status,
    status_transitions: {
      finalized_at: finalized ? created + 60 : null,
      marked_uncollectible_at: null,
      paid_at: paid ? created + 120 : null,
      voided_at: status === 'void' ? created + 180 : null,
    },
    subscription: null,
    subtotal: total,
    subtotal_excluding_tax: total,
    tax: null,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_tax_amounts: [],
    transfer_data: null,
    webhooks_delivered_at: created,
  };
  return keepKnownFields(raw, 'invoice', apiVersion);
}

function creditNote(
  apiVersion,
  {
    id = 'cn_1MxvRqLkdIwHu7ixY0xbUcxk',
    invoiceId,
    amount = 300,
    type = 'pre_payment',
    status = 'issued',
    reason = 'order_change',
    balanceTransaction = null,
  },
) {
  const raw = {
    id,
    object: 'credit_note',
    amount,
    amount_shipping: 0,
    created,
    currency: 'usd',
    customer: customerId,
    customer_balance_transaction: balanceTransaction,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: created,
    invoice: invoiceId,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/credit_notes/${id}/lines` },
    livemode: false,
    memo: null,
    metadata: {},
    number: 'A1B2C3D4-0001-CN-01',
    out_of_band_amount: null,
    pdf: `https://pay.stripe.com/credit_notes/acct_1M2JTkLkdIwHu7ix/test_${id}/pdf`,
    reason,
    refund: null,
    shipping_cost: null,
    status,
    subtotal: amount,
    subtotal_excluding_tax: amount,
    tax_amounts: [],
    total: amount,
    total_excluding_tax: amount,
    type,
    voided_at: status === 'void' ? created + 240 : null,
  };
  return keepKnownFields(raw, 'credit_note', apiVersion);
}

function customer(apiVersion, { balance }) {
  const raw = {
    id: customerId,
    object: 'customer',
    address: null,
    balance,
    created,
    currency: 'usd',
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: 'jennyrosen@example.com',
    invoice_prefix: 'A1B2C3D4',
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: {},
    name: 'Jenny Rosen',
    next_invoice_sequence: 2,
    phone: null,
    preferred_locales: [],
    shipping: null,
    sources: { object: 'list', data: [], has_more: false, url: `/v1/customers/${customerId}/sources` },
    tax_exempt: 'none',
    test_clock: null,
  };
  return keepKnownFields(raw, 'customer', apiVersion);
}

function subscription(apiVersion, { id = 'sub_1MowQVLkdIwHu7ixeRlqHVzs', consume }) {
  const raw = {
    id,
    object: 'subscription',
    application_fee_percent: null,
    billing_cycle_anchor: created,
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    collection_method: 'charge_automatically',
    created,
    current_period_end: created + 2678400,
    current_period_start: created,
    customer: customerId,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    discount: null,
    ended_at: null,
    invoice_customer_balance_settings: { consume_applied_balance_on_void: consume },
    items: {
      object: 'list',
      data: [],
      has_more: false,
      total_count: 0,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    metadata: {},
    next_pending_invoice_item_invoice: null,
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    plan: null,
    quantity: null,
    schedule: null,
    start_date: created,
    status: 'active',
    tax_percent: null,
    trial_end: null,
    trial_start: null,
  };
  return keepKnownFields(raw, 'subscription', apiVersion);
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
console.log(`wrote cassettes to ${outDir}`);
