import type { IncomingHttpHeaders } from 'node:http';

/** One decoded request as a provider dialect's routes see it. */
export interface EmulatorRequest {
  method: string;
  /** The URL path, without the query string (`/v1/invoices/in_1/void`). */
  path: string;
  /** The query string decoded the way the provider decodes it. */
  query: Record<string, unknown>;
  /** The form or JSON body decoded the way the provider decodes it (`{}` when there is none). */
  body: Record<string, unknown>;
  /** Header names in lower case, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** The account (Stripe account id or Chargebee site) the request is for, set by the dialect's auth. */
  account: string;
  /** Path parameters filled in by the route that matched (`{ id: 'in_1' }`). */
  params: Record<string, string>;
  /** The `Stripe-Version` (or other API version) the request asks for, set by the dialect. */
  apiVersion: string;
}

/** What a route answers: a status, a JSON body and any extra headers. */
export interface EmulatorResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * True for a request refused before the endpoint ran (bad parameters): like Stripe, its result is
   * not kept under the idempotency key, so a corrected retry with the same key is served.
   */
  notSaved?: boolean;
}

/** A route of a provider dialect: `pattern` is a path with `:name` segments. */
export interface EmulatorRoute<State> {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: string;
  /** Whether a successful call changes state (these are the calls idempotency keys apply to). */
  mutates: boolean;
  handle(request: EmulatorRequest, state: State): EmulatorResponse;
}

/** The JSON response helper every route uses. */
export function json(status: number, body: unknown, headers?: Record<string, string>): EmulatorResponse {
  return headers ? { status, body, headers } : { status, body };
}
