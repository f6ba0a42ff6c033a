import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultRules } from '../control/fault-rules.js';
import type { RequestLog, RequestLogEntry } from '../control/request-log.js';
import type { ProviderExchange } from '../create-emulator-server.js';
import type { AnyEmulatorDialect } from './emulator-dialect.js';
import { isEmulatorResponse } from './emulator-dialect.js';
import type { EmulatorRequest, EmulatorResponse } from './emulator-exchange.js';
import type { IdempotencyStore } from './idempotency-store.js';
import { createRouteTable, type RouteTable } from './match-route.js';
import { readRequestBody } from './read-request-body.js';
import { stableFingerprint } from './stable-fingerprint.js';

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

/**
 * Serves one provider request: fault rules, auth, decoding, the route, idempotency, the log.
 * Returns false when no dialect owns the path (the caller answers).
 */
export async function handleProviderRequest(
  pipeline: ProviderRequestPipeline,
  tables: Map<AnyEmulatorDialect, RouteTable<unknown>>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://emulator.invalid');
  // The path as sent: WHATWG URL parsing would resolve `in_1/../in_2` to `in_2`, letting one id
  // address another object; such a path is refused by the route match below (hasDotSegment).
  const sent = (request.url ?? '/').split('?')[0]!;
  const path = sent.startsWith('/') ? sent : url.pathname;
  const dialect = pipeline.dialects.find((candidate) => path.startsWith(candidate.pathPrefix));
  if (!dialect) return false;
  const method = (request.method ?? 'GET').toUpperCase();
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

  const raw = await readRequestBody(request, pipeline.maxBodyBytes);
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
    request.socket.destroy();
    return true;
  }
  if (fault.status !== undefined) {
    entry.fault = fault.status === 429 && typeof fault.retryAfterSeconds === 'number' ? 'rate' : 'status';
    if (fault.body === 'html') return sendGatewayPage(response, entry, fault.status);
    const answer = dialect.errors.forStatus(fault.status, fault.code);
    const headers = { ...answer.headers };
    if (fault.status === 429 && fault.retryAfterSeconds !== null)
      headers['retry-after'] = String(fault.retryAfterSeconds ?? 1);
    reportExchange(pipeline, dialect, request, account, method, path + url.search, raw, answer);
    return send(response, entry, { ...answer, headers });
  }

  const answer = serve(
    pipeline,
    tables.get(dialect)!,
    dialect,
    request,
    method,
    path,
    url.search,
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
    request.socket.destroy();
    return true;
  }
  reportExchange(pipeline, dialect, request, account, method, path + url.search, raw, answer);
  return send(response, entry, answer);
}

/** Hands an answer the provider's API gave (a route's, a refusal's or an injected status's) to `onExchange`. */
function reportExchange(
  pipeline: ProviderRequestPipeline,
  dialect: AnyEmulatorDialect,
  request: IncomingMessage,
  account: string | null,
  method: string,
  url: string,
  raw: string | 'too_large',
  answer: EmulatorResponse,
): void {
  if (!pipeline.onExchange) return;
  const version = dialect.apiVersion(request.headers);
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
  request: IncomingMessage,
  method: string,
  path: string,
  search: string,
  raw: string | 'too_large',
  auth: { account: string } | EmulatorResponse,
  entry: RequestLogEntry,
): EmulatorResponse {
  if (isEmulatorResponse(auth)) return auth;
  if (raw === 'too_large') return dialect.errors.tooLarge(pipeline.maxBodyBytes);
  const apiVersion = dialect.apiVersion(request.headers);
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
    request.headers['content-type'],
    search.startsWith('?') ? search.slice(1) : search,
  );
  if (isEmulatorResponse(decoded)) return decoded;
  entry.body = decoded.body;

  const exchange: EmulatorRequest = {
    method,
    path,
    query: decoded.query,
    body: decoded.body,
    headers: request.headers,
    account: auth.account,
    params: matched.params,
    apiVersion,
  };
  const headerValue = request.headers[dialect.idempotency.requestHeader];
  const key = typeof headerValue === 'string' && headerValue !== '' ? headerValue : undefined;
  const idempotent = key !== undefined && method === 'POST';
  entry.idempotencyKey = key ?? null;
  const fingerprint = idempotent ? stableFingerprint([method, path, decoded.body]) : '';
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

function send(response: ServerResponse, entry: RequestLogEntry, answer: EmulatorResponse): true {
  entry.status = answer.status;
  const body = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...answer.headers,
  });
  response.end(body);
  return true;
}

/** A proxy's HTML error page (what a gateway in front of a provider answers), not the provider's JSON. */
function sendGatewayPage(response: ServerResponse, entry: RequestLogEntry, status: number): true {
  entry.status = status;
  const body = `<html><head><title>${status}</title></head><body><h1>${status} ${STATUS_CODES[status] ?? 'Error'}</h1></body></html>`;
  response.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
  response.end(body);
  return true;
}

/** The route tables of the dialects, compiled once per server. */
export function compileRouteTables(dialects: readonly AnyEmulatorDialect[]) {
  return new Map(dialects.map((dialect) => [dialect, createRouteTable<unknown>(dialect.routes)]));
}
