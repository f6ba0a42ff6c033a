import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSchemaCheckedEmulator } from '../support/use-schema-checked-emulator.js';

/**
 * Hostile input across the Stripe routes (issue 14): 100 batches of 100 generated requests per run
 * (10 000), sent 16 at a time over a keep-alive agent to an in-process emulator. Every one must get
 * a 4xx with Stripe's own error body (schema-checked), the account's state must be the same after
 * as before (the control API's snapshot), and the server must keep answering.
 */
const KEY = 'sk_test_hostileInput';
const BATCHES = 100;
const PER_BATCH = 100;
/** One batch in this many goes over the socket; the others are dispatched in-process. */
const SOCKET_EVERY = 10;
const emulator = useSchemaCheckedEmulator();
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
let real: {
  customer: string;
  invoice: string;
  draft: string;
  item: string;
  note: string;
  subscription: string;
};

interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one request: over the socket (`viaSocket`: Node's HTTP parser, the keep-alive agent) or
 * handed to the server in-process (`dispatch`: the same pipeline after parsing, at a fraction of
 * the cost). One batch in SOCKET_EVERY goes over the socket.
 */
async function send(request: HostileRequest, viaSocket = true): Promise<{ status: number; body: string }> {
  if (!viaSocket) {
    const answer = await emulator.dispatch({
      method: request.method,
      url: wirePath(request.path),
      headers: request.headers,
      body: request.body,
    });
    if (answer === 'reset') throw new Error(`${request.method} ${request.path}: connection reset`);
    return { status: answer.status, body: answer.body };
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port: emulator.port,
        method: request.method,
        path: wirePath(request.path),
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** A path as it can go on the wire (what a client would percent-encode). */
const wirePath = (path: string) =>
  path.replace(/[^\x21-\x7e]/g, (character) => encodeURIComponent(character));

const auth = () => ({ authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded' });
/** Ids of real records (filled in before the run), so refusals are checked against live state. */
const realIds: string[] = [];
const ids = () => fc.integer({ min: 0, max: 5 }).map((index) => realIds[index] ?? 'cus_missing');
const badIds = fc.oneof(
  fc.constantFrom(
    'in_1/../x',
    '..',
    '%2e%2e',
    'in_%00',
    'in_1%2Fvoid',
    'in_1?x=1',
    'in_1#x',
    '%zz',
    'in 1',
    `in_${'x'.repeat(300)}`,
  ),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
);
const idPaths = (id: fc.Arbitrary<string>) =>
  fc.oneof(
    id.map((value) => `/v1/invoices/${value}/void`),
    id.map((value) => `/v1/invoices/${value}/finalize`),
    id.map((value) => `/v1/invoices/${value}/pay`),
    id.map((value) => `/v1/invoices/${value}`),
    id.map((value) => `/v1/customers/${value}`),
    id.map((value) => `/v1/customers/${value}/balance_transactions`),
    id.map((value) => `/v1/invoiceitems/${value}`),
    id.map((value) => `/v1/credit_notes/${value}/void`),
    id.map((value) => `/v1/subscriptions/${value}`),
  );
const mutatingPaths = (id: fc.Arbitrary<string>) =>
  fc.oneof(
    idPaths(id),
    fc.constantFrom(
      '/v1/customers',
      '/v1/invoices',
      '/v1/invoiceitems',
      '/v1/credit_notes',
      '/v1/subscriptions',
    ),
  );
const key = fc.stringMatching(/^[a-z_]{1,12}$/).filter((name) => !['expand'].includes(name));

/** A parameter no covered endpoint takes, an ill-typed one, a bracket nest, or broken encoding. */
const badForm = fc.oneof(
  key.map((name) => `zz_${name}=1`),
  fc.constantFrom(
    'balance=lots',
    'amount=1e999',
    'amount=abc',
    'metadata[a][b]=c',
    'expand=customer',
    'limit=1000',
    'paid_out_of_band=maybe',
    'consume_applied_balance=true',
    'items[0][price]=price_x',
    'lines[0][type]=nonsense',
  ),
  fc.integer({ min: 9, max: 40 }).map((depth) => `a${'[b]'.repeat(depth)}=1`),
  fc.constantFrom('%', 'a=%zz', '%E0%A4%A', '[]=1', 'a[=1'),
  fc
    .array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 })
    .map((bytes) => `zz=${Buffer.from(bytes).toString('latin1')}`),
);

const hostile: fc.Arbitrary<HostileRequest> = fc.oneof(
  // Bad paths and ids, on every method.
  fc.record({
    method: fc.constantFrom('GET', 'POST', 'DELETE'),
    path: fc.oneof(
      idPaths(badIds),
      badIds.map((id) => `/v1/${id}`),
      fc.constantFrom('/v1/', '/v1//', '/v1/invoices/in_1/../x', '/v1/charges', '/v1/invoices/a/b/c/d'),
    ),
    headers: fc.constant(auth()),
    body: fc.constant(''),
  }),
  // Unknown, ill-typed, deep or broken parameters on real and fake ids.
  fc.record({
    method: fc.constant('POST'),
    path: mutatingPaths(fc.oneof(ids(), badIds)),
    headers: fc.constant(auth()),
    body: badForm,
  }),
  fc.record({
    method: fc.constant('GET'),
    path: fc.tuple(mutatingPaths(ids()), badForm).map(([path, query]) => `${path}?${query}`),
    headers: fc.constant(auth()),
    body: fc.constant(''),
  }),
  // Bad auth.
  fc.record({
    method: fc.constantFrom('GET', 'POST'),
    path: mutatingPaths(ids()),
    headers: fc
      .constantFrom(
        undefined,
        'Bearer sk_live_abc',
        'Bearer pk_test_abc',
        'Bearer ',
        'Basic !!!',
        'Basic Og==',
        'Token sk_test_x',
        `Bearer sk_test_${'a'.repeat(300)}`,
      )
      .map((authorization) => ({
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization ? { authorization } : {}),
      })),
    body: fc.constant('description=x'),
  }),
  // Wrong content types, bad versions, bad Stripe-Account.
  fc.record({
    method: fc.constant('POST'),
    path: mutatingPaths(ids()),
    headers: fc.oneof(
      fc
        .constantFrom('application/json', 'text/plain', 'multipart/form-data')
        .map((type) => ({ authorization: `Bearer ${KEY}`, 'content-type': type })),
      fc
        .constantFrom('2099-01-01', 'latest', '2019-11-05; x', '')
        .map((version) => ({ ...auth(), 'stripe-version': version || 'x' })),
      fc
        .constantFrom('acct_', 'acct_../x', 'cus_1')
        .map((account) => ({ ...auth(), 'stripe-account': account })),
    ),
    body: fc.constantFrom('{"description":"x"}', 'description=x', 'zz=1'),
  }),
);

beforeAll(async () => {
  const stripe = new Stripe(KEY, { ...emulator.stripe, maxNetworkRetries: 0 });
  const customer = await stripe.customers.create({ balance: -500 });
  const invoice = await stripe.invoices.create({ customer: customer.id });
  await stripe.invoiceItems.create({
    customer: customer.id,
    amount: 2000,
    currency: 'usd',
    invoice: invoice.id,
  });
  await stripe.invoices.finalizeInvoice(invoice.id);
  const draft = await stripe.invoices.create({ customer: customer.id });
  const item = await stripe.invoiceItems.create({
    customer: customer.id,
    amount: 100,
    currency: 'usd',
    invoice: draft.id,
  });
  const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 100 });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [
      {
        price_data: {
          currency: 'usd',
          product: 'prod_x',
          unit_amount: 100,
          recurring: { interval: 'month' },
        },
      },
    ],
  });
  realIds.push(customer.id, invoice.id, draft.id, item.id, note.id, subscription.id);
  real = {
    customer: customer.id,
    invoice: invoice.id,
    draft: draft.id,
    item: item.id,
    note: note.id,
    subscription: subscription.id,
  };
});
afterAll(() => {
  agent.destroy();
});

/** What is wrong with `answer` as Stripe's refusal of a bad request (a 4xx with its error body), if anything. */
function stripeRefusalProblem(answer: { status: number; body: string }): string | undefined {
  if (answer.status < 400 || answer.status >= 500) return 'not a 4xx';
  let body: { error?: { type?: string; message?: string } };
  try {
    body = JSON.parse(answer.body);
  } catch {
    return 'not JSON';
  }
  if (typeof body.error?.message !== 'string') return 'no error message';
  if (!['invalid_request_error', 'idempotency_error'].includes(body.error?.type ?? ''))
    return `error type ${body.error?.type}`;
  return undefined;
}

const snapshot = async () =>
  JSON.stringify(await (await fetch(`${emulator.url}/_emulator/state/stripe/acct_emulator`)).json());

describe('hostile input to the Stripe routes', () => {
  it(`answers ${BATCHES * PER_BATCH} generated requests with Stripe 4xx bodies and changes nothing`, async () => {
    const before = await snapshot();
    expect(JSON.parse(before).data.invoices).toHaveLength(2);
    let sent = 0;
    let overSocket = 0;
    let batches = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: PER_BATCH, maxLength: PER_BATCH }), async (batch) => {
        const viaSocket = batches++ % SOCKET_EVERY === 0;
        for (let start = 0; start < batch.length; start += 16) {
          const answers = await Promise.all(
            batch.slice(start, start + 16).map((request) => send(request, viaSocket)),
          );
          if (viaSocket) overSocket += answers.length;
          // Checked as plain conditions, asserted once a slice: ten thousand answers through
          // `expect()` each cost more CPU than the requests.
          const wrong: string[] = [];
          for (const [index, answer] of answers.entries()) {
            const problem = stripeRefusalProblem(answer);
            if (problem === undefined) continue;
            const request = batch[start + index]!;
            wrong.push(
              `${request.method} ${request.path} ${JSON.stringify(request.headers).slice(0, 120)} ` +
                `${request.body.slice(0, 80)} → ${answer.status} ${answer.body.slice(0, 200)}: ${problem}`,
            );
          }
          expect(wrong).toEqual([]);
          sent += answers.length;
        }
      }),
      { numRuns: BATCHES },
    );
    // Two huge bodies (over the 1 MiB limit): Stripe's 413, nothing buffered past the limit.
    for (const size of [1024 * 1024 + 1, 3 * 1024 * 1024]) {
      const answer = await send({
        method: 'POST',
        path: '/v1/customers',
        headers: auth(),
        body: `description=${'x'.repeat(size)}`,
      });
      expect(answer.status).toBe(413);
      sent += 1;
    }
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(overSocket).toBeGreaterThanOrEqual(1_000);
    expect(await snapshot()).toBe(before);
    expect(emulator.issues.splice(0)).toEqual([]);
    // Still up and still right.
    const after = await send({
      method: 'GET',
      path: `/v1/invoices/${real.invoice}`,
      headers: auth(),
      body: '',
    });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toMatchObject({ status: 'open', amount_due: 1400 });
  }, 180_000);
});
