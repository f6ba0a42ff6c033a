import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChargebeeSite } from '../../src/chargebee/chargebee-site.js';
import { snapshotChargebeeSite } from '../../src/index.js';
import { useSchemaCheckedEmulator } from '../support/use-schema-checked-emulator.js';
import { basicAuth, chargebeeAnswerIssues } from './support/chargebee-emulator-harness.js';

/**
 * Hostile input (issue 14 §8): generated requests across the Chargebee routes, each built to be
 * refused — bad paths and ids, unknown and ill-typed parameters, deep brackets, huge and malformed
 * bodies, bad auth, wrong content types, wrong methods. Every one must get a Chargebee 4xx body
 * valid against the generated schemas, the site's state must be exactly what it was (a snapshot
 * before and after every batch), and the server must keep answering.
 */
const BATCHES = 625;
const BATCH_SIZE = 16;
/** One batch in this many goes over the socket; the others are dispatched in-process. */
const SOCKET_EVERY = 10;
const MAX_BODY = 2 * 1024;
/** A body given as `HUGE<n>` is sent as `comment=` and n characters. */
const HUGE = 'HUGE';
const wire = (body: string) =>
  body.startsWith(HUGE) ? `comment=${'x'.repeat(Number(body.slice(HUGE.length)))}` : body;

const emulator = useSchemaCheckedEmulator({ chargebeeHarness: { maxBodyBytes: MAX_BODY } });
let agent: Agent;
const ids = { customer: '', invoice: '', creditNote: '' };

beforeAll(async () => {
  agent = new Agent({ keepAlive: true, maxSockets: BATCH_SIZE });
  const chargebee = emulator.chargebee();
  const { customer } = await chargebee.customer.create({ first_name: 'Target' });
  await chargebee.promotionalCredit.add({ customer_id: customer.id, amount: 500, description: 'seed' });
  const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
    customer_id: customer.id,
    charges: [{ amount: 2000, description: 'Target' }],
  });
  const { credit_note } = await chargebee.creditNote.create({
    reference_invoice_id: invoice.id,
    type: 'adjustment',
    total: 100,
  });
  Object.assign(ids, { customer: customer.id, invoice: invoice.id, creditNote: credit_note.id });
  emulator.assertAnswersValid();
});
afterAll(() => {
  agent.destroy();
});

interface Hostile {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const auth = () => ({ authorization: basicAuth() });

/** Every route, with the existing object it targets and a body it would accept. */
const routes = () => [
  { method: 'POST', path: '/api/v2/customers', body: 'first_name=Eve' },
  { method: 'GET', path: `/api/v2/customers/${ids.customer}`, body: '' },
  {
    method: 'POST',
    path: '/api/v2/promotional_credits/add',
    body: `customer_id=${ids.customer}&amount=1&description=x`,
  },
  {
    method: 'POST',
    path: '/api/v2/promotional_credits/deduct',
    body: `customer_id=${ids.customer}&amount=1&description=x`,
  },
  { method: 'GET', path: '/api/v2/promotional_credits', body: '' },
  {
    method: 'POST',
    path: '/api/v2/invoices',
    body: `customer_id=${ids.customer}&charges%5Bamount%5D%5B0%5D=10&charges%5Bdescription%5D%5B0%5D=x`,
  },
  {
    method: 'POST',
    path: '/api/v2/invoices/create_for_charge_items_and_charges',
    body: `customer_id=${ids.customer}&charges%5Bamount%5D%5B0%5D=10&charges%5Bdescription%5D%5B0%5D=x`,
  },
  { method: 'GET', path: `/api/v2/invoices/${ids.invoice}`, body: '' },
  { method: 'GET', path: '/api/v2/invoices', body: '' },
  {
    method: 'POST',
    path: `/api/v2/invoices/${ids.invoice}/record_payment`,
    body: 'transaction%5Bpayment_method%5D=cash',
  },
  { method: 'POST', path: `/api/v2/invoices/${ids.invoice}/void`, body: 'comment=x' },
  {
    method: 'POST',
    path: '/api/v2/credit_notes',
    body: `reference_invoice_id=${ids.invoice}&type=adjustment&total=1`,
  },
  { method: 'GET', path: `/api/v2/credit_notes/${ids.creditNote}`, body: '' },
  { method: 'GET', path: '/api/v2/credit_notes', body: '' },
  { method: 'POST', path: `/api/v2/credit_notes/${ids.creditNote}/void`, body: '' },
];

const route = fc.integer({ min: 0, max: 14 }).map((index) => routes()[index]!);
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/);
const text = fc.string({ maxLength: 40 }).map(encodeURIComponent);
/** Puts `extra` where the route reads parameters: the body of a POST, the query of a GET. */
const withParams = (r: { method: string; path: string; body: string }, extra: string) =>
  r.method === 'GET'
    ? { ...r, path: `${r.path}?${extra}` }
    : { ...r, body: r.body === '' ? extra : `${r.body}&${extra}` };

const badId = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2E',
    'a%2Fb',
    '%00',
    '%zz',
    'x'.repeat(51),
    'in_1%3F',
    'a%20b',
    '%F0%9F%92%A5',
  ),
  fc.stringMatching(/^zz_[A-Za-z0-9_-]{1,30}$/),
);

const hostile: fc.Arbitrary<Hostile> = fc.oneof(
  // Bad paths and ids: unknown or impossible ids, traversal, unknown endpoints, extra segments.
  fc
    .tuple(
      badId,
      fc.constantFrom('invoices', 'credit_notes', 'customers'),
      fc.constantFrom('', '/void', '/record_payment'),
    )
    .map(([id, resource, action]) => ({
      method: action === '' ? 'GET' : 'POST',
      path: `/api/v2/${resource}/${id}${action}`,
      headers: { ...auth(), ...form },
      body:
        action === '/void'
          ? 'comment=x'
          : action === '/record_payment'
            ? 'transaction%5Bpayment_method%5D=cash'
            : '',
    })),
  fc
    .tuple(word, fc.constantFrom('GET', 'POST'), fc.integer({ min: 0, max: 2 }))
    .map(([segment, method, shape]) => ({
      method,
      path: [
        `/api/v2/${segment}x`,
        `/api/v2/invoices/${ids.invoice}/${segment}`,
        `/api/v2/invoices/nope/../${ids.invoice}/void`,
      ][shape]!,
      headers: { ...auth(), ...form },
      body: 'comment=x',
    })),
  // Wrong methods on real paths.
  fc
    .tuple(route, fc.constantFrom('PUT', 'PATCH', 'DELETE'))
    .map(([r, method]) => ({ ...r, method, headers: { ...auth(), ...form } })),
  // Unknown parameters, also nested and indexed.
  fc.tuple(route, word, text, fc.constantFrom('', '%5Bx%5D', '%5B0%5D')).map(([r, name, value, suffix]) => ({
    ...withParams(r, `zz_${name}${suffix}=${value}`),
    headers: { ...auth(), ...form },
  })),
  // Ill-typed or out-of-range values of real parameters.
  fc
    .tuple(
      route,
      fc.constantFrom(
        'limit=0',
        'limit=101',
        'limit=ten',
        'amount=1.5',
        'amount=-3',
        'total=abc',
        'comment=' + 'c'.repeat(301),
        'void_reason_code=' + 'r'.repeat(101),
        'create_pending_invoice=maybe',
        'type=bogus',
        'customer_id%5Bis%5D=',
        'offset=%5B1%5D',
        'transaction%5Bamount%5D=x',
        'charges%5Bamount%5D%5Bx%5D=1',
        'charges%5Bamount%5D%5B999%5D=1',
      ),
    )
    .map(([r, param]) => ({ ...withParams(r, param), headers: { ...auth(), ...form } })),
  // Deep brackets and malformed form syntax.
  fc.tuple(route, fc.integer({ min: 4, max: 40 }), word).map(([r, depth, name]) => ({
    ...withParams(r, `${name}${'%5Ba%5D'.repeat(depth)}=1`),
    headers: { ...auth(), ...form },
  })),
  fc
    .tuple(
      route,
      fc.constantFrom(
        '%zz=1',
        'a=%E0%A4%A',
        '%5Bx%5D=1',
        'a%5B=1',
        'a%5D=1',
        'a%5B%5D=1',
        'comment=x&comment=y',
        '=1',
        'a%20b=1',
        'a%5Bb%5D=1&a=2',
      ),
    )
    .map(([r, bad]) => ({ ...withParams(r, bad), headers: { ...auth(), ...form } })),
  // Huge bodies (written out when sent, so a counterexample stays short).
  fc.tuple(route, fc.integer({ min: MAX_BODY + 1, max: MAX_BODY * 3 })).map(([r, size]) => ({
    ...r,
    method: 'POST',
    headers: { ...auth(), ...form },
    body: `${HUGE}${size}`,
  })),
  // Bad auth: none, other schemes, live keys, garbage, an empty user.
  fc
    .tuple(
      route,
      fc.constantFrom(
        undefined,
        'Bearer test_abc',
        basicAuth('live_abc'),
        basicAuth(''),
        'Basic !!!',
        basicAuth('test_'),
        basicAuth('test_a b'),
        'Basic',
        basicAuth('sk_test_abc'),
      ),
    )
    .map(([r, authorization]) => ({
      ...r,
      headers: { ...form, ...(authorization !== undefined ? { authorization } : {}) },
    })),
  // Wrong content types for a body.
  fc
    .tuple(
      route,
      fc.constantFrom(
        'application/json',
        'text/plain',
        'multipart/form-data; boundary=x',
        'application/xml',
        undefined,
      ),
    )
    .filter(([r]) => r.method === 'POST')
    .map(([r, type]) => ({
      ...r,
      body: r.body === '' ? '{"comment":"x"}' : r.body,
      headers: { ...auth(), ...(type !== undefined ? { 'content-type': type } : {}) },
    })),
);

/**
 * Sends one request: over the socket (`viaSocket`: Node's HTTP parser, the keep-alive agent) or
 * handed to the server in-process (`dispatch`: the same pipeline after parsing, at a fraction of
 * the cost). One batch in SOCKET_EVERY goes over the socket.
 */
async function send(request: Hostile, viaSocket = true): Promise<{ status: number; body: string }> {
  const body = wire(request.body);
  if (!viaSocket) {
    const answer = await emulator.server.dispatch({
      method: request.method,
      url: request.path,
      headers: request.headers,
      body,
    });
    if (answer === 'reset') throw new Error(`${request.method} ${request.path}: connection reset`);
    return { status: answer.status, body: answer.body };
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port: emulator.server.port,
        method: request.method,
        path: request.path,
        agent,
        headers: { ...request.headers, 'content-length': Buffer.byteLength(body) },
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
    outgoing.end(body);
  });
}

const siteState = () =>
  JSON.stringify(
    snapshotChargebeeSite(
      emulator.server.stateOf(emulator.dialect, emulator.dialect.defaultSite) as ChargebeeSite,
    ),
  );

describe('chargebee dialect: hostile input', () => {
  it(`refuses ${BATCHES * BATCH_SIZE} generated requests with Chargebee's 4xx bodies, changing nothing`, async () => {
    const before = siteState();
    let sent = 0;
    const statuses = new Map<number, number>();
    const started = { wall: performance.now(), cpu: process.cpuUsage() };
    let overSocket = 0;
    let batches = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: BATCH_SIZE, maxLength: BATCH_SIZE }), async (batch) => {
        const viaSocket = batches++ % SOCKET_EVERY === 0;
        const answers = await Promise.all(batch.map((request) => send(request, viaSocket)));
        sent += batch.length;
        if (viaSocket) overSocket += batch.length;
        // Checked as plain conditions, asserted once a batch: ten thousand answers through
        // `expect()` each cost more CPU than the requests.
        const wrong: string[] = [];
        answers.forEach((answer, index) => {
          const request = batch[index]!;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const problems: unknown[] = [];
          if (answer.status < 400 || answer.status >= 500) problems.push('not a 4xx');
          else {
            const body = JSON.parse(answer.body) as Record<string, unknown>;
            if (body.http_status_code !== answer.status)
              problems.push(`http_status_code ${body.http_status_code}`);
            problems.push(
              ...chargebeeAnswerIssues({
                method: request.method,
                url: request.path,
                status: answer.status,
                body,
              }),
            );
          }
          if (problems.length > 0)
            wrong.push(
              `${request.method} ${request.path.slice(0, 120)} ${request.body.slice(0, 120)} → ${answer.status}: ${JSON.stringify(problems)}`,
            );
        });
        expect(wrong).toEqual([]);
        expect(siteState()).toBe(before);
      }),
      { numRuns: BATCHES },
    );
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(overSocket).toBeGreaterThanOrEqual(1_000);
    emulator.answers.length = 0;
    // Still up, still answering: a real request works and the state is as seeded.
    const { invoice } = await emulator.chargebee().invoice.retrieve(ids.invoice);
    expect(invoice.status).toBe('payment_due');
    expect(emulator.assertAnswersValid()).toBe(1);
    const cpu = process.cpuUsage(started.cpu);
    // Client, server and checks share this process: its CPU time is the cost of the run.
    console.info(
      `hostile input: ${sent} requests in ${(performance.now() - started.wall).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }, 60_000);
});
