import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { stableFingerprint } from '@billbridge/memory';
import type { FaultRules } from '../control/fault-rules.js';
import type { RequestLog, RequestLogEntry } from '../control/request-log.js';
import type { ProviderExchange } from '../create-emulator-server.js';
import type { AnyEmulatorDialect } from './emulator-dialect.js';
import { isEmulatorResponse } from './emulator-dialect.js';
import type { EmulatorRequest, EmulatorResponse } from './emulator-exchange.js';
import type { IdempotencyStore } from './idempotency-store.js';
import { createRouteTable, type RouteTable } from './match-route.js';
import { readRequestBody } from './read-request-body.js';

/** Everything one provider request goes through, shared by every dialect. */
export interface ProviderRequestPipeline {
  dialects: readonly AnyEmulatorDialect[];
  /** The state of one account of one dialect (made on first use). */
  stateOf(dialect: AnyEmulatorDialect, account: string): unknown;
  faults: FaultRules;
  log: RequestLog;
  idempotency: IdempotencyStore;
  maxBodyBytes: number;
  /** Called after a request changed state (webhook delivery hooks in here). */
  afterMutation?(dialect: AnyEmulatorDialect, account: string): void;
  onExchange?(exchange: ProviderExchange): void;
}

/** A provider request as the pipeline takes it, from a socket or handed over in-process. */
export interface ProviderRequestInput {
  method: string;
  /** The request target as sent (path and query string). */
  url: string;
  /** Header names in lower case, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** The body as text, or `too_large` past the limit; read only once the request is logged. */
  readBody(): Promise<string | 'too_large'>;
}

/**
 * What the pipeline decided: an answer to write, a connection to reset, or a proxy's HTML error
 * page instead of the provider's JSON (the last two only from fault rules).
 */
export type ProviderOutcome =
  | { kind: 'answer'; answer: EmulatorResponse }
  | { kind: 'reset' }
  | { kind: 'page'; status: number };

/** The query string of a request target, with its `?` (`''` without one). */
function searchOf(target: string): string {
  const hash = target.indexOf('#');
  const at = target.indexOf('?');
  if (at < 0 || (hash >= 0 && hash < at)) return '';
  return hash < 0 ? target.slice(at) : target.slice(at, hash);
}

/**
 * The path of a request target as sent: WHATWG URL parsing would resolve `in_1/../in_2` to `in_2`,
 * letting one id address another object; such a path is refused by the route match (hasDotSegment).
 */
function pathOf(target: string): string {
  const sent = target.split('?')[0]!;
  return sent.startsWith('/') ? sent : new URL(target, 'http://emulator.invalid').pathname;
}

/**
 * Serves one provider request from a socket: the pipeline (`serveProviderRequest`), then the
 * answer written or the connection reset. Returns false when no dialect owns the path.
 */
export async function handleProviderRequest(
  pipeline: ProviderRequestPipeline,
  tables: Map<AnyEmulatorDialect, RouteTable<unknown>>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const outcome = await serveProviderRequest(pipeline, tables, {
    method: request.method ?? 'GET',
    url: request.url ?? '/',
    headers: request.headers,
    readBody: () => readRequestBody(request, pipeline.maxBodyBytes),
  });
  if (outcome === undefined) return false;
  if (outcome.kind === 'reset') request.socket.destroy();
  else
    writeRendered(
      response,
      outcome.kind === 'page' ? renderGatewayPage(outcome.status) : renderAnswer(outcome.answer),
    );
  return true;
}

/**
 * The provider pipeline without a socket: fault rules, auth, decoding, the route, idempotency,
 * the log — everything a request over HTTP goes through once Node has parsed it. `undefined`
 * when no dialect owns the path. The socket path (`handleProviderRequest`) and in-process
 * dispatch (`EmulatorServer.dispatch`) both run it.
 */
export async function serveProviderRequest(
  pipeline: ProviderRequestPipeline,
  tables: Map<AnyEmulatorDialect, RouteTable<unknown>>,
  request: ProviderRequestInput,
): Promise<ProviderOutcome | undefined> {
  const path = pathOf(request.url);
  const search = searchOf(request.url);
  const dialect = pipeline.dialects.find((candidate) => path.startsWith(candidate.pathPrefix));
  if (!dialect) return undefined;
  const method = request.method.toUpperCase();
  const entry: RequestLogEntry = {
    seq: pipeline.log.nextSeq(),
    at: new Date().toISOString(),
    provider: dialect.name,
    method,
    path,
    account: null,
    idempotencyKey: null,
    status: null,
    replayed: false,
    fault: null,
    body: {},
  };
  pipeline.log.push(entry);
  // Logged as sent, also for a request a fault answered before it ran (serve() keeps it for POSTs).
  const sentKey = request.headers[dialect.idempotency.requestHeader];
  if (typeof sentKey === 'string' && sentKey !== '') entry.idempotencyKey = sentKey;

  const raw = await request.readBody();
  const auth = dialect.authenticate(request.headers);
  const account = isEmulatorResponse(auth) ? null : auth.account;
  entry.account = account;

  const fault = pipeline.faults.decide(method, path, account ?? '');
  const holdAnswer = fault.delayMs > 0 && fault.delayAt === 'after';
  if (fault.delayMs > 0 && !holdAnswer) {
    entry.fault = 'delay';
    await sleep(fault.delayMs);
  }
  if (fault.reset === 'before') {
    entry.fault = 'reset-before';
    return { kind: 'reset' };
  }
  if (fault.status !== undefined) {
    entry.fault = fault.rate ? 'rate' : 'status';
    entry.status = fault.status;
    if (fault.body === 'html') return { kind: 'page', status: fault.status };
    const answer = dialect.errors.forStatus(fault.status, fault.code);
    const headers = { ...answer.headers };
    if (fault.status === 429 && fault.retryAfterSeconds !== null)
      headers['retry-after'] = String(fault.retryAfterSeconds ?? 1);
    reportExchange(pipeline, dialect, request.headers, account, method, path + search, raw, answer);
    return { kind: 'answer', answer: { ...answer, headers } };
  }

  const answer = serve(
    pipeline,
    tables.get(dialect)!,
    dialect,
    request.headers,
    method,
    path,
    search,
    raw,
    auth,
    entry,
  );
  if (holdAnswer) {
    entry.fault = 'delay-after';
    await sleep(fault.delayMs);
  }
  if (fault.reset === 'after') {
    entry.fault = 'reset-after';
    entry.status = null;
    return { kind: 'reset' };
  }
  reportExchange(pipeline, dialect, request.headers, account, method, path + search, raw, answer);
  entry.status = answer.status;
  return { kind: 'answer', answer };
}

/** Hands an answer the provider's API gave (a route's, a refusal's or an injected status's) to `onExchange`. */
function reportExchange(
  pipeline: ProviderRequestPipeline,
  dialect: AnyEmulatorDialect,
  headers: IncomingHttpHeaders,
  account: string | null,
  method: string,
  url: string,
  raw: string | 'too_large',
  answer: EmulatorResponse,
): void {
  if (!pipeline.onExchange) return;
  const version = dialect.apiVersion(headers);
  pipeline.onExchange({
    provider: dialect.name,
    account,
    method,
    url,
    apiVersion: typeof version === 'string' ? version : null,
    rawBody: raw === 'too_large' ? '' : raw,
    status: answer.status,
    responseBody: answer.body,
  });
}

function serve(
  pipeline: ProviderRequestPipeline,
  table: RouteTable<unknown>,
  dialect: AnyEmulatorDialect,
  headers: IncomingHttpHeaders,
  method: string,
  path: string,
  search: string,
  raw: string | 'too_large',
  auth: { account: string } | EmulatorResponse,
  entry: RequestLogEntry,
): EmulatorResponse {
  if (isEmulatorResponse(auth)) return auth;
  if (raw === 'too_large') return dialect.errors.tooLarge(pipeline.maxBodyBytes);
  const apiVersion = dialect.apiVersion(headers);
  if (isEmulatorResponse(apiVersion)) return apiVersion;
  const matched = hasDotSegment(path)
    ? { route: undefined, methodNotAllowed: false }
    : table.match(method, path);
  if (matched.route === undefined) {
    return matched.methodNotAllowed && dialect.errors.methodNotAllowed
      ? dialect.errors.methodNotAllowed(method, path)
      : dialect.errors.notFound(method, path);
  }
  const decoded = dialect.decode(
    raw,
    headers['content-type'],
    search.startsWith('?') ? search.slice(1) : search,
  );
  if (isEmulatorResponse(decoded)) return decoded;
  entry.body = decoded.body;

  const exchange: EmulatorRequest = {
    method,
    path,
    query: decoded.query,
    body: decoded.body,
    headers,
    account: auth.account,
    params: matched.params,
    apiVersion,
  };
  const headerValue = headers[dialect.idempotency.requestHeader];
  // An empty or over-long key is the provider's 400, before anything runs (until 2026-12-07 an
  // empty one ran the request without a key and a long one was kept).
  if (
    typeof headerValue === 'string' &&
    method === 'POST' &&
    (headerValue === '' || headerValue.length > dialect.idempotency.maxKeyLength)
  ) {
    return dialect.idempotency.invalidKey(headerValue.length);
  }
  const key = typeof headerValue === 'string' && headerValue !== '' ? headerValue : undefined;
  const idempotent = key !== undefined && method === 'POST';
  entry.idempotencyKey = key ?? null;
  // The query too: a route reads its parameters from both (until 2026-12-07 a POST's query was
  // left out, and other query parameters under one key replayed the first answer).
  const fingerprint = idempotent ? stableFingerprint([method, path, decoded.query, decoded.body]) : '';
  if (idempotent) {
    const found = pipeline.idempotency.lookup(dialect.name, auth.account, key, fingerprint);
    if (found.kind === 'conflict') return dialect.idempotency.conflict(key);
    if (found.kind === 'replay') {
      entry.replayed = true;
      const [name, value] = dialect.idempotency.replayHeader;
      return { ...found.response, headers: { ...found.response.headers, [name]: value } };
    }
  }
  const state = pipeline.stateOf(dialect, auth.account);
  let answer: EmulatorResponse;
  try {
    answer = matched.route.handle(exchange, state);
  } catch (error) {
    // A route that throws is an emulator bug; the client still gets a provider-shaped 500.
    process.emitWarning(`billbridge emulator: ${method} ${path} threw: ${(error as Error)?.stack ?? error}`);
    return dialect.errors.internal();
  }
  // Like Stripe, a result is saved once the endpoint ran; a request refused by validation is not.
  if (idempotent && !answer.notSaved)
    pipeline.idempotency.save(dialect.name, auth.account, key, fingerprint, answer);
  if (matched.route.mutates && answer.status < 300) pipeline.afterMutation?.(dialect, auth.account);
  return answer;
}

/** A `.` or `..` segment, also percent-encoded (`%2e%2E`): never a provider path. */
function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

/** An answer as it goes on the wire: its JSON text and headers. */
export function renderAnswer(answer: EmulatorResponse): {
  status: number;
  headers: Record<string, string | number>;
  body: string;
} {
  const body = JSON.stringify(answer.body);
  return {
    status: answer.status,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...answer.headers,
    },
    body,
  };
}

/** A proxy's HTML error page (what a gateway in front of a provider answers), not the provider's JSON. */
export function renderGatewayPage(status: number): ReturnType<typeof renderAnswer> {
  const body = `<html><head><title>${status}</title></head><body><h1>${status} ${STATUS_CODES[status] ?? 'Error'}</h1></body></html>`;
  return {
    status,
    headers: { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) },
    body,
  };
}

function writeRendered(response: ServerResponse, rendered: ReturnType<typeof renderAnswer>): void {
  response.writeHead(rendered.status, rendered.headers);
  response.end(rendered.body);
}

/** The route tables of the dialects, compiled once per server. */
export function compileRouteTables(dialects: readonly AnyEmulatorDialect[]) {
  return new Map(dialects.map((dialect) => [dialect, createRouteTable<unknown>(dialect.routes)]));
}
