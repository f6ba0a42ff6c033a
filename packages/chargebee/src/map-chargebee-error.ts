import {
  AuthenticationError,
  BillingError,
  ConnectionError,
  IdempotencyConflictError,
  NotFoundError,
  PermissionError,
  ProviderUnavailableError,
  RateLimitError,
  redactSecretsInPlace,
} from '@billbridge/core';

/**
 * What chargebee v3 rejects with. For an API error it is a **plain object** (the parsed JSON body
 * plus `http_status_code` and the response `headers`), not an `Error`. When the body is not JSON,
 * or the client-side timeout fires, it is a `ChargebeeError` (an `Error`) with the same fields; a
 * failed `fetch` (DNS, reset, refused) rejects with the `TypeError` from `fetch` itself.
 */
export interface ChargebeeApiErrorLike {
  message?: string;
  type?: string;
  api_error_code?: string;
  error_code?: string;
  http_status_code?: number;
  param?: string;
  headers?: Record<string, string> | null;
  detail?: unknown;
}

/**
 * Whether `error` is an error chargebee-node throws for an API answer: the answer's status
 * (`http_status_code`) and, from Chargebee itself, its `api_error_code`. A JSON error body from
 * something in front of the site (a gateway's `503 {"message":"Service Unavailable"}`) has no
 * `api_error_code`; it is mapped by its status (until 2026-12-07 it was a non-retryable error).
 */
export function isChargebeeApiError(error: unknown): error is ChargebeeApiErrorLike {
  if (typeof error !== 'object' || error === null) return false;
  const { api_error_code: code, http_status_code: status } = error as ChargebeeApiErrorLike;
  return typeof status === 'number' && (typeof code === 'string' || code === undefined);
}

/**
 * What `mapChargebeeError` needs to know about the failed call: the operation, whether it could change
 * something, whether it carried an idempotency key.
 */
export interface MapChargebeeErrorOptions {
  /** The billbridge operation, for the message (`voidInvoice`, `getInvoice`, …). */
  operation: string;
  /** Whether the request could change something at Chargebee. */
  mutating: boolean;
  /** Whether a `chargebee-idempotency-key` was sent. */
  idempotent: boolean;
  /** Strings that must never appear in a message (the API key). */
  secrets?: readonly string[];
}

function redact(text: string, secrets: readonly string[] | undefined): string {
  let out = text;
  for (const secret of secrets ?? []) {
    if (secret) out = out.split(secret).join('[redacted]');
  }
  // Basic credentials, in case a message ever echoes an Authorization header.
  return out.replace(/Basic\s+[A-Za-z0-9+/=]{8,}/g, 'Basic [redacted]');
}

function retryAfterMs(headers: Record<string, string> | null | undefined): number | undefined {
  const value = headers?.['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const rateLimitCodes = new Set([
  'api_request_limit_exceeded',
  'third_party_api_request_limit_exceeded',
  'lock_timeout',
]);
const authenticationCodes = new Set(['api_authentication_failed', 'basic_authentication_failed']);
const permissionCodes = new Set(['api_authorization_failed', 'request_blocked']);

/**
 * Maps whatever the chargebee SDK rejected with to a `BillingError` (DESIGN §7), keyed on
 * `api_error_code` first and the HTTP status second. The SDK's error is kept as `cause` (left out
 * of `toJSON`); messages carry Chargebee's own message with secrets redacted.
 * `invalid_state_for_request` on a void is handled by the provider (it reads the invoice to name
 * the blockers); elsewhere it is a non-retryable `provider_error`.
 */
export function mapChargebeeError(error: unknown, options: MapChargebeeErrorOptions): BillingError {
  if (BillingError.isInstance(error)) return error;
  // The SDK error is kept as `cause`: a key echoed in a response must not survive in it either.
  redactChargebeeError(error, options.secrets);
  const prefix = `chargebee: ${options.operation} failed`;
  const provider = 'chargebee';
  if (isChargebeeApiError(error)) {
    const status = error.http_status_code ?? 0;
    const code = error.api_error_code ?? '';
    const detail = redact(error.message ?? code, options.secrets);
    const base = { provider, status, cause: error } as const;
    // A timeout while the body was read reaches here inside the SDK's wrapper (`detail`).
    if (error.type === 'timeout' || (error.detail as { type?: unknown } | undefined)?.type === 'timeout') {
      return new ConnectionError({
        ...base,
        status: undefined,
        message: `${prefix}: the request timed out; it may have taken effect`,
        outcome: options.mutating ? 'unknown' : 'failed',
      });
    }
    if (error.detail instanceof SyntaxError) {
      // The SDK reports any non-JSON answer (an HTML 502 from a proxy, …) as a 500 `internal_error`
      // (503 and 504 keep their status); the real status is not available to us.
      return new ProviderUnavailableError({
        ...base,
        message: `${prefix}: Chargebee answered with something that is not its JSON API (HTTP ${status})`,
        outcome: options.mutating ? 'unknown' : 'failed',
      });
    }
    if (code === 'resource_not_found' || code === 'site_not_found') {
      return new NotFoundError({ ...base, message: `${prefix}: ${detail}` });
    }
    if (authenticationCodes.has(code) || status === 401) {
      return new AuthenticationError({
        ...base,
        message: `${prefix}: Chargebee rejected the API key (${code || 'HTTP 401'})`,
      });
    }
    if (permissionCodes.has(code) || status === 403) {
      return new PermissionError({ ...base, message: `${prefix}: ${detail}` });
    }
    if (rateLimitCodes.has(code) || status === 429) {
      return new RateLimitError({
        ...base,
        message: `${prefix}: ${code === 'lock_timeout' ? 'a concurrent request holds the resource' : 'rate limited'} (${code})`,
        retryAfterMs: retryAfterMs(error.headers),
      });
    }
    // 422 `unable_to_process_request` is "a well-formed, but semantically erroneous payload", a key
    // reused with another payload its example (Chargebee's v1 spec, test/spec-data/chargebee). One
    // that names a parameter is about the payload (`total`), not the key, and says so.
    if (code === 'unable_to_process_request' && options.idempotent && !error.param) {
      return new IdempotencyConflictError({
        ...base,
        message: `${prefix}: Chargebee could not process the request under its idempotency key, which usually means the key was already used with a different request (${detail})`,
      });
    }
    if (status >= 500) {
      return new ProviderUnavailableError({
        ...base,
        message: `${prefix}: Chargebee is unavailable (${code || `HTTP ${status}`})`,
        outcome: options.mutating ? 'unknown' : 'failed',
      });
    }
    return new BillingError({
      ...base,
      code: 'provider_error',
      message: `${prefix}: ${detail}${error.param ? ` (param ${error.param})` : ''}`,
      retryable: false,
      outcome: 'failed',
    });
  }
  if (error instanceof TypeError || isSystemError(error)) {
    return new ConnectionError({
      provider,
      cause: error,
      message: `${prefix}: could not reach Chargebee${options.mutating ? '; the request may have taken effect' : ''}`,
      outcome: 'unknown',
    });
  }
  const kind = error instanceof Error ? error.name : typeof error;
  return new BillingError({
    provider,
    cause: error,
    code: 'provider_error',
    message: `${prefix} unexpectedly (${kind})`,
    retryable: false,
    outcome: options.mutating ? 'unknown' : 'failed',
  });
}

function isSystemError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** Removes secrets from every string of an SDK error, in place, before it is kept as a `cause`. */
export function redactChargebeeError(error: unknown, secrets: readonly string[] | undefined): void {
  redactSecretsInPlace(error, (text) => redact(text, secrets));
}
