import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import nock from 'nock';
import type { Fault } from './fault-matrix.js';
import { SLOW_ANSWER_MS } from './matrix-adapters.js';

/** A request that reached the nock interceptors. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

type Json = Record<string, unknown>;

interface FaultAnswer {
  status: number;
  body: Json | string;
  headers?: Record<string, string>;
}

/** How one provider's HTTP API looks, as far as a void and an invoice read go. */
export interface ApiDialect {
  name: 'stripe' | 'chargebee';
  origin: string;
  voidPath: (invoiceId: string) => string;
  getPath: (invoiceId: string) => string;
  /**
   * How a slow answer is held so the SDK's timeout fires: stripe-node's is a socket idle timeout
   * (headers at once, body late: `delayBody`); chargebee's races the `fetch` for the headers (`delay`).
   */
  slow: 'delay' | 'delayBody';
  /** The request header carrying the idempotency key. */
  keyHeader: string;
  /** The response header saying an answer was replayed from the idempotency record. */
  replayedHeader: string;
  invoiceBody: (invoiceId: string, voided: boolean) => Json;
  alreadyVoid: (invoiceId: string) => { status: number; body: Json };
  /** The provider's answer for an HTTP fault. */
  faultResponse: (fault: Fault) => FaultAnswer;
}

const cassettes = resolve(import.meta.dirname, '../cassettes');
const readJson = (file: string) => JSON.parse(readFileSync(resolve(cassettes, file), 'utf8')) as Json;

const stripeInvoice = (
  (readJson('stripe/void-applied-credit-default.json').interactions as Json[])[0]!.response as Json
).body as Json;

export const stripeDialect: ApiDialect = {
  name: 'stripe',
  origin: 'https://api.stripe.com',
  voidPath: (id) => `/v1/invoices/${id}/void`,
  getPath: (id) => `/v1/invoices/${id}`,
  slow: 'delayBody',
  keyHeader: 'idempotency-key',
  replayedHeader: 'idempotent-replayed',
  invoiceBody: (id, voided) => ({
    ...stripeInvoice,
    id,
    status: voided ? 'void' : 'open',
    amount_remaining: voided ? 0 : stripeInvoice.amount_due,
  }),
  alreadyVoid: () => ({
    status: 400,
    body: { error: { type: 'invalid_request_error', message: 'You can only pass in open invoices.' } },
  }),
  faultResponse: (fault): FaultAnswer => {
    const error = (status: number, type: string, code?: string): FaultAnswer => ({
      status,
      body: { error: { type, message: `fault ${fault.id}`, ...(code ? { code } : {}) } },
    });
    switch (fault.id) {
      case '429-retry-after':
      case '429-retry-after-too-long':
        return {
          ...error(429, 'invalid_request_error', 'rate_limit'),
          headers: { 'retry-after': String(fault.retryAfterSeconds) },
        };
      case '429-no-retry-after':
        return error(429, 'invalid_request_error', 'rate_limit');
      case '409-lock':
        return error(409, 'invalid_request_error', 'lock_timeout');
      case '500':
        return error(500, 'api_error');
      case '503':
        return error(503, 'api_error');
      case '502-non-json':
        return {
          status: 502,
          body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
          headers: { 'content-type': 'text/html' },
        };
      default:
        throw new Error(`${fault.id} is not an HTTP answer`);
    }
  },
};

export const CHARGEBEE_SITE = 'billbridge-reliability-test';

const chargebeeInvoice = (
  ((readJson('chargebee/void-with-reason-and-comment.json').interactions as Json[])[0]!.response as Json)
    .body as Json
).invoice as Json;

export const chargebeeDialect: ApiDialect = {
  name: 'chargebee',
  origin: `https://${CHARGEBEE_SITE}.chargebee.com`,
  voidPath: (id) => `/api/v2/invoices/${id}/void`,
  getPath: (id) => `/api/v2/invoices/${id}`,
  slow: 'delay',
  keyHeader: 'chargebee-idempotency-key',
  replayedHeader: 'chargebee-idempotency-replayed',
  invoiceBody: (id, voided) => {
    const { void_reason_code: _reason, voided_at: _at, ...rest } = chargebeeInvoice;
    return {
      invoice: {
        ...rest,
        id,
        status: voided ? 'voided' : 'payment_due',
        amount_due: voided ? 0 : chargebeeInvoice.total,
        ...(voided ? { voided_at: chargebeeInvoice.voided_at } : {}),
      },
    };
  },
  alreadyVoid: () => ({
    status: 400,
    body: {
      message: 'Invoice is already voided',
      type: 'invalid_request',
      api_error_code: 'invalid_state_for_request',
      http_status_code: 400,
    },
  }),
  faultResponse: (fault): FaultAnswer => {
    const error = (status: number, api_error_code: string, type = 'operation_failed'): FaultAnswer => ({
      status,
      body: {
        message: `fault ${fault.id}`,
        type,
        api_error_code,
        error_code: api_error_code,
        http_status_code: status,
      },
    });
    switch (fault.id) {
      case '429-retry-after':
      case '429-retry-after-too-long':
        return {
          ...error(429, 'api_request_limit_exceeded'),
          headers: { 'retry-after': String(fault.retryAfterSeconds) },
        };
      case '429-no-retry-after':
        return error(429, 'api_request_limit_exceeded');
      case '409-lock':
        // Chargebee signals a held lock with api_error_code lock_timeout.
        return error(409, 'lock_timeout');
      case '500':
        return error(500, 'internal_error', 'untyped');
      case '503':
        return error(503, 'internal_temporary_error', 'untyped');
      case '502-non-json':
        return {
          status: 502,
          body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
          headers: { 'content-type': 'text/html' },
        };
      default:
        throw new Error(`${fault.id} is not an HTTP answer`);
    }
  },
};

export interface FakeApi {
  /** Every request that reached an interceptor, in order. */
  requests: SeenRequest[];
  /** Requests no interceptor answered (should stay empty). */
  unmatched: string[];
  voidRequests(): SeenRequest[];
  readRequests(): SeenRequest[];
  /** How many times the invoice was really voided (a replay does not count). */
  voids(): number;
  stop(): void;
}

/**
 * A stateful stand-in for the provider's API behind nock: one invoice, open until a void takes
 * effect, and an idempotency record per key like the real APIs (a repeated key replays the first
 * answer). `plan(n)` says which fault (if any) hits void attempt `n` (0-based). A fault with
 * `effect: 'after'` takes effect before its answer is lost. Net connect must be disabled.
 */
export function fakeProviderApi(
  dialect: ApiDialect,
  options: { invoiceId: string; plan: (attempt: number) => Fault | undefined; maxVoidRequests?: number },
): FakeApi {
  const requests: SeenRequest[] = [];
  const unmatched: string[] = [];
  let voided = false;
  let voids = 0;
  const records = new Map<string, { status: number; body: Json; replayed: boolean }>();
  const voidPath = dialect.voidPath(options.invoiceId);

  function perform(key: string | undefined) {
    if (key !== undefined && records.has(key)) return { ...records.get(key)!, replayed: true };
    let answer: { status: number; body: Json; replayed: boolean };
    if (voided) answer = { ...dialect.alreadyVoid(options.invoiceId), replayed: false };
    else {
      voided = true;
      voids += 1;
      answer = { status: 200, body: dialect.invoiceBody(options.invoiceId, true), replayed: false };
    }
    if (key !== undefined) records.set(key, answer);
    return answer;
  }

  const scope = nock(dialect.origin);
  const count = options.maxVoidRequests ?? 12;
  for (let attempt = 0; attempt < count; attempt++) {
    const fault = options.plan(attempt);
    const interceptor = scope.post(voidPath);
    if (!fault) {
      interceptor.reply(function () {
        const key = (this.req.headers as Record<string, string>)[dialect.keyHeader];
        const answer = perform(key);
        return [
          answer.status,
          JSON.stringify(answer.body),
          {
            'content-type': 'application/json',
            ...(answer.replayed ? { [dialect.replayedHeader]: 'true' } : {}),
          },
        ];
      });
      continue;
    }
    const takesEffect = fault.effect === 'after';
    if (fault.id === 'reset-before-response' || fault.id === 'reset-after-sent') {
      // The effect (if any) is applied from the scope's 'request' event below: replyWithError has no callback.
      // An Error instance: nock 14 stalls on a plain-object error over Node http.
      interceptor.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      continue;
    }
    if (fault.id === 'timeout') {
      const held =
        dialect.slow === 'delayBody'
          ? interceptor.delayBody(SLOW_ANSWER_MS)
          : interceptor.delay(SLOW_ANSWER_MS);
      held.reply(function () {
        const answer = perform((this.req.headers as Record<string, string>)[dialect.keyHeader]);
        return [answer.status, JSON.stringify(answer.body), { 'content-type': 'application/json' }];
      });
      continue;
    }
    const answer = dialect.faultResponse(fault);
    interceptor.reply(() => [
      answer.status,
      typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body),
      { 'content-type': 'application/json', ...(answer.headers ?? {}) },
    ]);
    if (takesEffect) throw new Error('HTTP-answer faults take no effect in this fake');
  }
  scope
    .get(dialect.getPath(options.invoiceId))
    .times(50)
    .reply(() => [
      200,
      JSON.stringify(dialect.invoiceBody(options.invoiceId, voided)),
      { 'content-type': 'application/json' },
    ]);

  const onRequest = (request: {
    method: string;
    path: string;
    headers: Record<string, string | string[]>;
  }) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    const seen = { method: request.method, path: request.path, headers };
    requests.push(seen);
    if (seen.method === 'POST' && seen.path === voidPath) {
      const attempt = requests.filter((r) => r.method === 'POST' && r.path === voidPath).length - 1;
      const fault = options.plan(attempt);
      if (fault?.id === 'reset-after-sent') perform(headers[dialect.keyHeader]);
    }
  };
  scope.on('request', onRequest);
  const onNoMatch = (request: {
    method?: string;
    path?: string;
    options?: { method?: string; path?: string };
  }) => {
    unmatched.push(`${request.method ?? request.options?.method} ${request.path ?? request.options?.path}`);
  };
  nock.emitter.on('no match', onNoMatch);

  return {
    requests,
    unmatched,
    voidRequests: () => requests.filter((r) => r.method === 'POST' && r.path === voidPath),
    readRequests: () => requests.filter((r) => r.method === 'GET'),
    voids: () => voids,
    stop() {
      scope.removeAllListeners('request');
      nock.emitter.removeListener('no match', onNoMatch);
      nock.cleanAll();
    },
  };
}
