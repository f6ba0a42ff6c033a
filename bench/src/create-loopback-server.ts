import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CassetteBodies, loadCassetteBodies } from './load-cassette-bodies.js';

/** The only address the benchmark server ever binds. */
export const LOOPBACK_HOST = '127.0.0.1';

export type LoopbackStopReason = 'request_cap' | 'time_cap' | 'closed';

export interface LoopbackServerOptions {
  /** Requests answered before the server closes by itself (the last one is answered first). */
  maxRequests: number;
  /** The server closes by itself after this many ms, whatever happened. */
  maxDurationMs: number;
  /** Response bodies; read from test/cassettes when not given. */
  bodies?: CassetteBodies;
}

export interface LoopbackServer {
  readonly host: typeof LOOPBACK_HOST;
  readonly port: number;
  /** The bound address as the OS reports it. */
  address(): AddressInfo;
  /** Requests received so far (answered or refused). */
  readonly requests: number;
  /** Resolves once the server has closed, with why. */
  readonly closed: Promise<LoopbackStopReason>;
  /** Closes now (idempotent); resolves once closed. */
  close(): Promise<LoopbackStopReason>;
}

/** A JSON body split around its id, so each answer carries the requested id without re-serializing. */
interface BodyTemplate {
  before: string;
  after: string;
}

const ID_SENTINEL = '\u0000bench-id\u0000';

function template(body: Record<string, unknown>, wrapper?: string): BodyTemplate {
  const copy = structuredClone(body);
  const target = (wrapper ? copy[wrapper] : copy) as Record<string, unknown>;
  target.id = ID_SENTINEL;
  const [before, after] = JSON.stringify(copy).split(JSON.stringify(ID_SENTINEL));
  return { before: before!, after: after! };
}

function fill(bodyTemplate: BodyTemplate, id: string): string {
  return bodyTemplate.before + JSON.stringify(id) + bodyTemplate.after;
}

interface Route {
  pattern: RegExp;
  body: BodyTemplate;
  /** The id to answer with when the path has none (creates). */
  newId?: (count: number) => string;
  headers: (count: number) => Record<string, string>;
}

function routes(bodies: CassetteBodies): Route[] {
  const stripeHeaders = (count: number) => ({
    'content-type': 'application/json',
    'request-id': `req_bench${count}`,
  });
  const chargebeeHeaders = () => ({ 'content-type': 'application/json;charset=utf-8' });
  return [
    {
      pattern: /^\/v1\/invoices\/([^/?]+)\/void$/,
      body: template(bodies.stripeInvoiceVoid),
      headers: stripeHeaders,
    },
    {
      pattern: /^\/v1\/credit_notes\/([^/?]+)\/void$/,
      body: template(bodies.stripeCreditNoteVoid),
      headers: stripeHeaders,
    },
    {
      pattern: /^\/v1\/credit_notes$/,
      body: template(bodies.stripeCreditNoteCreate),
      newId: (count) => `cn_bench${count}`,
      headers: stripeHeaders,
    },
    {
      pattern: /^\/api\/v2\/invoices\/([^/?]+)\/void$/,
      body: template(bodies.chargebeeInvoiceVoid, 'invoice'),
      headers: chargebeeHeaders,
    },
    {
      pattern: /^\/api\/v2\/credit_notes\/([^/?]+)\/void$/,
      body: template(bodies.chargebeeCreditNoteVoid, 'credit_note'),
      headers: chargebeeHeaders,
    },
    {
      pattern: /^\/api\/v2\/credit_notes$/,
      body: template(bodies.chargebeeCreditNoteCreate, 'credit_note'),
      newId: (count) => `CN-BENCH-${count}`,
      headers: chargebeeHeaders,
    },
  ];
}

/**
 * Starts an HTTP server on 127.0.0.1 (an OS-chosen port) that answers Stripe's and Chargebee's
 * invoice void, credit note create and credit note void endpoints with the cassettes' bodies.
 * It stops by itself after `maxRequests` requests or `maxDurationMs`, whichever comes first.
 */
export async function createLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  if (!Number.isSafeInteger(options.maxRequests) || options.maxRequests < 1) {
    throw new Error('bench: maxRequests must be a positive integer');
  }
  if (!Number.isFinite(options.maxDurationMs) || options.maxDurationMs <= 0) {
    throw new Error('bench: maxDurationMs must be a positive number');
  }
  const table = routes(options.bodies ?? loadCassetteBodies());
  let requests = 0;
  let stopReason: LoopbackStopReason | undefined;
  let resolveClosed!: (reason: LoopbackStopReason) => void;
  const closed = new Promise<LoopbackStopReason>((resolve) => {
    resolveClosed = resolve;
  });

  const server = createServer({ keepAlive: true }, (request, response) => {
    requests++;
    const count = requests;
    if (count > options.maxRequests || stopReason !== undefined) {
      respond(
        response,
        503,
        { 'content-type': 'application/json', connection: 'close' },
        '{"error":"bench cap"}',
      );
      return;
    }
    answer(request, response, count);
    if (count === options.maxRequests) response.once('finish', () => stop('request_cap'));
  });

  function respond(response: ServerResponse, status: number, headers: Record<string, string>, body: string) {
    headers['content-length'] = String(Buffer.byteLength(body));
    response.writeHead(status, headers);
    response.end(body);
  }

  function answer(request: IncomingMessage, response: ServerResponse, count: number) {
    const path = (request.url ?? '/').split('?')[0]!;
    // Drain the form/JSON body; its content is not needed to answer.
    request.resume();
    request.once('end', () => {
      for (const route of table) {
        const match = request.method === 'POST' ? route.pattern.exec(path) : null;
        if (!match) continue;
        const id = match[1] !== undefined ? decodeURIComponent(match[1]) : route.newId!(count);
        respond(response, 200, route.headers(count), fill(route.body, id));
        return;
      }
      respond(
        response,
        404,
        { 'content-type': 'application/json' },
        JSON.stringify({ error: { type: 'invalid_request_error', message: `bench: no route ${path}` } }),
      );
    });
  }

  function stop(reason: LoopbackStopReason) {
    if (stopReason !== undefined) return;
    stopReason = reason;
    clearTimeout(timer);
    server.close(() => resolveClosed(reason));
    // Keep-alive sockets would hold `close` open: end them once the last answer is out.
    setImmediate(() => server.closeAllConnections());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK_HOST, port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const timer = setTimeout(() => stop('time_cap'), options.maxDurationMs);
  const bound = server.address() as AddressInfo;

  return {
    host: LOOPBACK_HOST,
    port: bound.port,
    address: () => server.address() as AddressInfo,
    get requests() {
      return requests;
    },
    closed,
    close() {
      stop('closed');
      return closed;
    },
  };
}
