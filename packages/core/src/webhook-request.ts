import { WebhookVerificationError } from './errors/webhook-verification-error.js';

/**
 * Request headers as frameworks hand them over: a Fetch `Headers`, or Node's / Express's
 * `req.headers` (names in any case; a repeated header as an array).
 */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

/** What `billing.parseWebhook` takes: the raw request body, exactly as received, and its headers. */
export interface ParseWebhookInput {
  /** The raw body: `await request.text()`, or the `Buffer` from `express.raw()`. Never a parsed object. */
  body: string | Uint8Array | ArrayBuffer;
  headers: WebhookHeaders;
}

/** A delivery as the client hands it to a provider: the body as text, header names lower-case. */
export interface ProviderWebhookRequest {
  body: string;
  headers: Readonly<Record<string, string>>;
}

/** What to do instead of handing billbridge a parsed body; part of every raw-body message. */
export const RAW_BODY_HINT =
  'pass the raw request body: express.raw({ type: "application/json" }), await request.text() (Fetch), or the Buffer read from node:http';

const decoder = new TextDecoder('utf-8');

/**
 * Checks and normalizes a delivery before a provider sees it: the body must be the raw text or
 * bytes (an already parsed object cannot be verified: a signature covers the exact bytes sent),
 * and header names are lower-cased (a repeated header is joined with `, `, as `Headers` does).
 */
export function normalizeWebhookRequest(input: unknown, provider: string): ProviderWebhookRequest {
  if (typeof input !== 'object' || input === null) {
    throw refusal(provider, 'parseWebhook takes { body, headers }: the raw request body and its headers');
  }
  const { body, headers } = input as { body?: unknown; headers?: unknown };
  return { body: rawBodyText(body, provider), headers: lowerCaseHeaders(headers, provider) };
}

function rawBodyText(body: unknown, provider: string): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  if (body instanceof ArrayBuffer) return decoder.decode(new Uint8Array(body));
  if (body === undefined || body === null) {
    throw refusal(provider, `the webhook body is missing: ${RAW_BODY_HINT}`);
  }
  const what = typeof body === 'object' ? 'an already parsed object' : `a ${typeof body}`;
  throw refusal(
    provider,
    `the webhook body is ${what}, not the raw request body; a signature covers the exact bytes the provider sent, so a parsed and re-serialized body cannot be verified: ${RAW_BODY_HINT}`,
  );
}

/**
 * Collected in a Map and made an object by `Object.fromEntries`, so every header name is an own key:
 * a header called `constructor` read Object's constructor as its earlier value, and one called
 * `__proto__` was lost.
 */
function lowerCaseHeaders(headers: unknown, provider: string): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  const out = new Map<string, string>();
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    headers.forEach((value, name) => {
      out.set(name, value);
    });
    return Object.fromEntries(out);
  }
  if (typeof headers !== 'object') {
    throw refusal(provider, 'the webhook headers must be an object (request.headers)');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : undefined;
    if (text === undefined) continue;
    const key = name.toLowerCase();
    const earlier = out.get(key);
    out.set(key, earlier === undefined ? text : `${earlier}, ${text}`);
  }
  return Object.fromEntries(out);
}

function refusal(provider: string, message: string): WebhookVerificationError {
  return new WebhookVerificationError({ message: `${provider}: ${message}`, provider });
}
