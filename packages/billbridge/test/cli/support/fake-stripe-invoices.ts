import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the part of Stripe's API a bulk void touches (`GET /v1/invoices/:id`,
 * `POST /v1/invoices/:id/void`, `POST /v1/invoices/:id` for metadata), so the real bin, the real
 * stripe-node SDK and the real adapter run end to end before the emulator (DESIGN §14) exists:
 * stateful, idempotency keys replayed with `Idempotent-Replayed`, a request log, a per-request
 * delay and queued 429s. It models nothing else; the emulator replaces it.
 */
export interface FakeStripeInvoices {
  url: string;
  /** Every request received, in order. */
  readonly requests: { method: string; path: string; idempotencyKey: string | undefined }[];
  /** Adds an invoice: `open` with `applied` customer credit (minor units), or another status. */
  addInvoice(
    id: string,
    options?: { status?: 'open' | 'paid' | 'draft' | 'void'; total?: number; applied?: number },
  ): void;
  /** Holds every answer this long (ms). */
  delayMs: number;
  /** The next `times` requests get a 429 with these headers. */
  rateLimitNext(times: number, headers?: Record<string, string>): void;
  /** The next `times` void requests get a 500 (nothing done, nothing kept for their key). */
  failVoidsNext(times: number): void;
  /** Successful voids per invoice (replays not counted). */
  readonly voids: Map<string, number>;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startFakeStripeInvoices(): Promise<FakeStripeInvoices> {
  const invoices = new Map<string, Record<string, unknown>>();
  const replies = new Map<string, { status: number; body: unknown }>();
  const requests: FakeStripeInvoices['requests'] = [];
  const voids = new Map<string, number>();
  let limited: { times: number; headers: Record<string, string> } = { times: 0, headers: {} };
  let failingVoids = 0;
  const fake = {} as FakeStripeInvoices;

  function answer(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    setTimeout(() => {
      response.writeHead(status, {
        'content-type': 'application/json',
        'request-id': 'req_fake',
        ...headers,
      });
      response.end(JSON.stringify(body));
    }, fake.delayMs);
  }

  function handle(request: IncomingMessage, response: ServerResponse, body: string) {
    const key = request.headers['idempotency-key'] as string | undefined;
    const path = (request.url ?? '/').split('?')[0]!;
    requests.push({ method: request.method ?? 'GET', path, idempotencyKey: key });
    if (limited.times > 0) {
      limited.times -= 1;
      return answer(
        response,
        429,
        { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' } },
        limited.headers,
      );
    }
    if (failingVoids > 0 && request.method === 'POST' && path.endsWith('/void')) {
      failingVoids -= 1;
      return answer(response, 500, {
        error: { type: 'api_error', message: 'fake Stripe: an internal error' },
      });
    }
    const replayKey = key ? `${request.method} ${path} ${key}` : undefined;
    const stored = replayKey ? replies.get(replayKey) : undefined;
    if (stored) return answer(response, stored.status, stored.body, { 'idempotent-replayed': 'true' });
    const reply = route(request.method ?? 'GET', path, new URLSearchParams(body));
    if (replayKey && reply.status < 500) replies.set(replayKey, reply);
    answer(response, reply.status, reply.body);
  }

  function route(method: string, path: string, form: URLSearchParams): { status: number; body: unknown } {
    const [, v1, resource, id, action] = path.split('/');
    const invoice = id ? invoices.get(id) : undefined;
    if (v1 !== 'v1' || resource !== 'invoices' || !invoice) {
      return {
        status: 404,
        body: {
          error: {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: `No such invoice: '${id}'`,
          },
        },
      };
    }
    if (method === 'GET' && action === undefined) return { status: 200, body: invoice };
    if (method === 'POST' && action === 'void') {
      if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
        return {
          status: 400,
          body: {
            error: {
              type: 'invalid_request_error',
              message: `You can only pass in open invoices. This invoice is ${invoice.status}.`,
            },
          },
        };
      }
      invoice.status = 'void';
      (invoice.status_transitions as Record<string, unknown>).voided_at = Math.floor(Date.now() / 1000);
      voids.set(id!, (voids.get(id!) ?? 0) + 1);
      return { status: 200, body: invoice };
    }
    if (method === 'POST' && action === undefined) {
      for (const [name, value] of form) {
        const match = /^metadata\[(.+)\]$/.exec(name);
        if (match) (invoice.metadata as Record<string, string>)[match[1]!] = value;
      }
      return { status: 200, body: invoice };
    }
    return {
      status: 404,
      body: { error: { type: 'invalid_request_error', message: `fake Stripe: no ${method} ${path}` } },
    };
  }

  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => handle(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    requests,
    voids,
    delayMs: 0,
    addInvoice(id: string, options: { status?: string; total?: number; applied?: number } = {}) {
      const total = options.total ?? 1000;
      const applied = options.applied ?? 0;
      invoices.set(id, {
        id,
        object: 'invoice',
        customer: `cus_${id}`,
        status: options.status ?? 'open',
        currency: 'usd',
        total,
        amount_due: total - applied,
        amount_paid: options.status === 'paid' ? total - applied : 0,
        starting_balance: options.status === 'draft' ? 0 : -applied,
        ending_balance: options.status === 'draft' ? null : 0,
        metadata: {},
        created: 1_700_000_000,
        status_transitions: { voided_at: options.status === 'void' ? 1_700_000_100 : null },
        livemode: false,
      });
    },
    rateLimitNext(times: number, headers: Record<string, string> = {}) {
      limited = { times, headers };
    },
    failVoidsNext(times: number) {
      failingVoids = times;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
