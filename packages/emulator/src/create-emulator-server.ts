import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaultRules } from './control/fault-rules.js';
import { handleControlRequest } from './control/handle-control-request.js';
import { createRequestLog } from './control/request-log.js';
import type { AnyEmulatorDialect } from './http/emulator-dialect.js';
import {
  compileRouteTables,
  handleProviderRequest,
  renderAnswer,
  renderGatewayPage,
  serveProviderRequest,
} from './http/handle-http-request.js';
import { createIdempotencyStore } from './http/idempotency-store.js';

/** The clock every account of an emulator shares: real time, moved forward by the control API. */
export interface EmulatorClock {
  nowMs(): number;
  now(): Date;
  advance(ms: number): void;
  reset(): void;
}

/**
 * Makes the clock all accounts of an emulator share: real time plus an offset the control API moves
 * (`advance`, `reset`).
 */
export function createEmulatorClock(): EmulatorClock {
  let offset = 0;
  return {
    nowMs: () => Date.now() + offset,
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
    reset() {
      offset = 0;
    },
  };
}

/**
 * Options of `createEmulatorServer`: host and port, the dialects it serves, the clock, size limits,
 * and hooks (an account's state made, after a change, after a reset, each exchange).
 */
export interface EmulatorServerOptions {
  host: string;
  port: number;
  dialects: readonly AnyEmulatorDialect[];
  clock: EmulatorClock;
  /** Largest request body accepted (default 1 MiB); larger ones get the provider's 413. */
  maxBodyBytes?: number;
  /** Largest number of idempotent results kept (default 100 000); 24 h each. */
  maxIdempotencyRecords?: number;
  /** Largest number of request-log entries kept (default 100 000). */
  maxLogEntries?: number;
  /**
   * A plain snapshot of an account's state, for `GET /_emulator/state/:provider/:account`
   * (default: the dialect's own `snapshot`).
   */
  snapshot?(dialect: AnyEmulatorDialect, state: unknown): unknown;
  /** When an account's state is made (on its first request), before anything changes it. */
  onStateCreated?(dialect: AnyEmulatorDialect, account: string, state: unknown): void;
  /** After every request that changed an account's state (webhook deliveries hook in here). */
  afterMutation?(dialect: AnyEmulatorDialect, account: string, state: unknown): void;
  /** After `POST /_emulator/reset`. */
  onReset?(): void;
  /**
   * Every provider exchange answered with the provider's JSON, injected status faults included
   * (tests validate each against the provider's schemas); not a reset connection, nor a fault's
   * proxy HTML page (`body: 'html'`), which are not the provider's answers.
   */
  onExchange?(exchange: ProviderExchange): void;
}

/** One provider request and the answer it got, as `onExchange` sees it. */
export interface ProviderExchange {
  provider: 'stripe' | 'chargebee';
  /** The account (Stripe account, Chargebee site) the credentials selected, if they did. */
  account: string | null;
  method: string;
  /** With the query string. */
  url: string;
  /** The API version the request asked for (`null` when refused before it was read). */
  apiVersion: string | null;
  rawBody: string;
  status: number;
  responseBody: unknown;
}

/** A provider request handed to `EmulatorServer.dispatch` (no socket). */
export interface DispatchedRequest {
  method: string;
  /** Path and query string, as a client would send them. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What `dispatch` answered: the status, headers and body text a socket would have carried, or a reset. */
export type DispatchedAnswer =
  | { status: number; headers: Record<string, string | number>; body: string }
  | 'reset';

/** A running emulator server: the node:http server, its port, the state of each account, and `close()`. */
export interface EmulatorServer {
  server: Server;
  port: number;
  /** The state of one account of one dialect (made on first use). */
  stateOf(dialect: AnyEmulatorDialect, account: string): unknown;
  /**
   * Serves one provider request in this process, through the same pipeline as a request over the
   * socket (log, faults, auth, decoding, routes, idempotency, hooks) minus Node's HTTP parsing:
   * for tests that send thousands of requests. Control paths (`/_emulator/`) are HTTP only.
   */
  dispatch(request: DispatchedRequest): Promise<DispatchedAnswer>;
  close(): Promise<void>;
}

/** Stripe's error shape (a path like `/v1/..` normalizes out of every dialect's prefix). */
function unrecognizedUrl(target: string) {
  return {
    status: 404,
    body: {
      error: {
        type: 'invalid_request_error',
        message: `Unrecognized request URL: the billbridge emulator serves Stripe under /v1/ and Chargebee under /api/v2/, not ${target.split('?')[0]}`,
      },
    },
  };
}

/** One `node:http` server for every dialect plus the control API; provider-neutral. */
export async function createEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
  const states = new Map<AnyEmulatorDialect, Map<string, unknown>>();
  const stateOf = (dialect: AnyEmulatorDialect, account: string) => {
    let accounts = states.get(dialect);
    if (!accounts) {
      accounts = new Map();
      states.set(dialect, accounts);
    }
    let state = accounts.get(account);
    if (state === undefined) {
      state = dialect.createState(account);
      accounts.set(account, state);
      options.onStateCreated?.(dialect, account, state);
    }
    return state;
  };
  const faults = createFaultRules(options.clock.nowMs);
  const log = createRequestLog(options.maxLogEntries);
  const idempotency = createIdempotencyStore({
    nowMs: options.clock.nowMs,
    ...(options.maxIdempotencyRecords !== undefined ? { maxEntries: options.maxIdempotencyRecords } : {}),
  });
  const pipeline = {
    dialects: options.dialects,
    stateOf,
    faults,
    log,
    idempotency,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    afterMutation: (dialect: AnyEmulatorDialect, account: string) =>
      options.afterMutation?.(dialect, account, stateOf(dialect, account)),
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
  };
  const tables = compileRouteTables(options.dialects);
  const control = {
    faults,
    log,
    clock: options.clock,
    reset() {
      states.clear();
      idempotency.clear();
      faults.clear();
      log.clear();
      options.clock.reset();
      options.onReset?.();
    },
    snapshot(provider: string, account: string) {
      const dialect = options.dialects.find((candidate) => candidate.name === provider);
      const state = dialect && states.get(dialect)?.get(account);
      if (!dialect || state === undefined) return undefined;
      return options.snapshot ? options.snapshot(dialect, state) : dialect.snapshot?.(state);
    },
    dialects: options.dialects,
  };

  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    const work = path.startsWith('/_emulator/')
      ? handleControlRequest(control, request, response)
      : handleProviderRequest(pipeline, tables, request, response).then((served) => {
          if (served) return;
          const { status, headers, body } = renderAnswer(unrecognizedUrl(path));
          response.writeHead(status, headers);
          response.end(body);
        });
    work.catch((error: unknown) => {
      process.emitWarning(`billbridge emulator: ${(error as Error)?.stack ?? String(error)}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"error":"emulator failure"}');
    });
  });
  // A request Node's HTTP parser cannot read (a body without framing, a bad header) never reaches
  // a dialect; it still gets a JSON error body in the provider's general shape, and the socket closes.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return socket.destroy();
    const body = JSON.stringify({
      error: { type: 'invalid_request_error', message: 'The request could not be parsed as HTTP/1.1.' },
    });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const maxBodyBytes = pipeline.maxBodyBytes;
  return {
    server,
    port,
    stateOf,
    async dispatch(request) {
      if (request.url.startsWith('/_emulator/'))
        throw new TypeError('dispatch serves provider requests; the control API is HTTP only');
      const body = request.body ?? '';
      const outcome = await serveProviderRequest(pipeline, tables, {
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(
          Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
        ),
        readBody: async () => (Buffer.byteLength(body) > maxBodyBytes ? 'too_large' : body),
      });
      if (outcome === undefined) return renderAnswer(unrecognizedUrl(request.url));
      if (outcome.kind === 'reset') return 'reset';
      return outcome.kind === 'page' ? renderGatewayPage(outcome.status) : renderAnswer(outcome.answer);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
