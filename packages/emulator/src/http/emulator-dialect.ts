import type { IncomingHttpHeaders } from 'node:http';
import type { MemoryState } from '@billbridge/memory';
import type { EmulatorResponse, EmulatorRoute } from './emulator-exchange.js';

/**
 * One provider's HTTP API as the emulator serves it: where its paths start, how it authenticates,
 * decodes bodies and reports errors, how its idempotency keys work, its routes, and the state one
 * account of it holds. The server (`handle-http-request.ts`) is the same for every dialect.
 */
export interface EmulatorDialect<State> {
  name: 'stripe' | 'chargebee';
  /** Paths this dialect owns (`/v1/`, `/api/v2/`). */
  pathPrefix: string;
  routes: readonly EmulatorRoute<State>[];
  /** The account the credentials select, or the provider's own 401. */
  authenticate(headers: IncomingHttpHeaders): { account: string } | EmulatorResponse;
  /** The API version the request asks for, or the provider's 400 for an unknown one. */
  apiVersion(headers: IncomingHttpHeaders): string | EmulatorResponse;
  /** The body and query decoded as the provider decodes them, or the provider's 400. */
  decode(
    rawBody: string,
    contentType: string | undefined,
    rawQuery: string,
  ): { body: Record<string, unknown>; query: Record<string, unknown> } | EmulatorResponse;
  idempotency: {
    /** The request header that carries the key (lower case). */
    requestHeader: string;
    /** The response header set on a replay, and its value. */
    replayHeader: readonly [name: string, value: string];
    /** The provider's answer when a key comes back with other parameters. */
    conflict(key: string): EmulatorResponse;
    /** The longest key the provider takes (Stripe 255, Chargebee 100). */
    maxKeyLength: number;
    /** The provider's 400 for a key that is empty or longer than `maxKeyLength` (never saved). */
    invalidKey(length: number): EmulatorResponse;
  };
  errors: {
    /** An endpoint the emulator does not cover (or that does not exist). */
    notFound(method: string, path: string): EmulatorResponse;
    /**
     * The provider's body for an injected `status` fault (429 with Retry-After, 500, 503 …);
     * `code`, when given, is the provider's error code to answer instead of the status's usual one.
     */
    forStatus(status: number, code?: string): EmulatorResponse;
    /** A body over the size the emulator accepts. */
    tooLarge(limitBytes: number): EmulatorResponse;
    /** A bug in the emulator: answered as the provider's 500, never a dropped connection. */
    internal(): EmulatorResponse;
    /** A path the dialect serves, with another method (Chargebee's 405); `notFound` when absent. */
    methodNotAllowed?(method: string, path: string): EmulatorResponse;
  };
  /** A fresh state for one account (a Stripe account id, a Chargebee site). */
  createState(account: string): State;
  /** The shared state model under one account's state (its changes are the webhooks delivered). */
  memoryState?(state: State): MemoryState;
  /** A plain snapshot of one account's state (`GET /_emulator/state/:provider/:account`). */
  snapshot?(state: State): unknown;
  /**
   * The dialect's own control calls, under `/_emulator/<name>/…` (`segments` after the name, the
   * JSON body as `input`); `undefined` for a call it does not have (the control API's 404).
   */
  control?(method: string, segments: readonly string[], input: unknown): EmulatorResponse | undefined;
}

/** Any dialect, whatever its state. */
// biome-ignore lint/suspicious/noExplicitAny: the server holds dialects of different state types side by side.
export type AnyEmulatorDialect = EmulatorDialect<any>;

/** Is this a response (rather than the value a dialect hook returns on success)? */
export function isEmulatorResponse(value: unknown): value is EmulatorResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}
