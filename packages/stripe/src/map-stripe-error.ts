import {
  AuthenticationError,
  BillingError,
  ConflictError,
  ConnectionError,
  IdempotencyConflictError,
  NotFoundError,
  PermissionError,
  ProviderUnavailableError,
  RateLimitError,
  redactSecretsInPlace,
} from '@billbridge/core';
import { redactStripeSecrets } from './redact-stripe-secrets.js';

/** The fields of a stripe-node error billbridge reads (stripe-node `Error.ts`, `StripeError`). */
interface StripeErrorLike {
  type?: unknown;
  rawType?: unknown;
  statusCode?: unknown;
  requestId?: unknown;
  code?: unknown;
  message?: unknown;
  headers?: Record<string, string | undefined>;
}

/**
 * True for errors thrown by stripe-node (any copy of the SDK: matched on the `type` class name
 * every `StripeError` carries, not on `instanceof`).
 */
export function isStripeError(error: unknown): error is StripeErrorLike & Error {
  return (
    error instanceof Error &&
    typeof (error as StripeErrorLike).type === 'string' &&
    'rawType' in error &&
    'statusCode' in error
  );
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * What `mapStripeError` needs: the operation (for the message) and the configured key, removed verbatim
 * from any message.
 */
export interface MapStripeErrorOptions {
  /** The billbridge operation, for the message (`voidInvoice`, …). */
  operation: string;
  /** The configured key, removed verbatim from messages. */
  apiKey?: string;
}

/**
 * Maps anything stripe-node throws to a billbridge error (DESIGN §7), keeping the SDK error as
 * `cause`. Keyed on the error class (`type`), HTTP status and Stripe's error `type`/`code`, never on
 * message text. Messages are redacted of keys. A refused void (400 `invalid_request_error`) is
 * turned into `InvoiceNotVoidableError` by the void itself, after reading the invoice.
 */
export function mapStripeError(error: unknown, options: MapStripeErrorOptions): BillingError {
  if (BillingError.isInstance(error)) return error;
  // The SDK error is kept as `cause`: a key echoed in a response must not survive in it either.
  redactSecretsInPlace(error, (text) => redactStripeSecrets(text, options.apiKey));
  if (!isStripeError(error)) {
    const kind = error instanceof Error ? error.name : typeof error;
    return new BillingError({
      message: `stripe: ${options.operation} failed unexpectedly (${kind})`,
      code: 'provider_error',
      provider: 'stripe',
      retryable: false,
      outcome: 'unknown',
      cause: error,
    });
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : undefined;
  const requestId = typeof error.requestId === 'string' ? error.requestId : undefined;
  const rawType = typeof error.rawType === 'string' ? error.rawType : undefined;
  const detail = redactStripeSecrets(typeof error.message === 'string' ? error.message : '', options.apiKey);
  const message = `stripe: ${options.operation} failed${status ? ` (${status})` : ''}: ${detail || error.type}`;
  const common = { message, provider: 'stripe', cause: error, ...(requestId ? { requestId } : {}) };
  const withStatus = status !== undefined ? { ...common, status } : common;
  const header = (name: string) => error.headers?.[name];

  switch (error.type) {
    case 'StripeConnectionError':
      // The request may have reached Stripe before the connection failed.
      return new ConnectionError({ ...common, retryable: true, outcome: 'unknown' });
    case 'StripeRateLimitError': {
      const retryAfterMs = parseRetryAfter(header('retry-after'));
      return new RateLimitError({ ...withStatus, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
    case 'StripeIdempotencyError':
      return new IdempotencyConflictError({ ...withStatus, retryable: false, outcome: 'failed' });
    case 'StripeAuthenticationError':
      return new AuthenticationError({ ...withStatus, retryable: false, outcome: 'not_executed' });
    case 'StripePermissionError':
      return new PermissionError({ ...withStatus, retryable: false, outcome: 'not_executed' });
    default:
      break;
  }
  if (status === 409) {
    // A lock conflict (another request on the same object or key in flight). Safe to retry with
    // the same idempotency key, unless Stripe says otherwise.
    return new ConflictError({
      ...withStatus,
      retryable: header('stripe-should-retry') !== 'false',
      outcome: 'failed',
    });
  }
  if (status === 404 || (rawType === 'invalid_request_error' && error.code === 'resource_missing')) {
    return new NotFoundError({ ...withStatus, retryable: false, outcome: 'failed' });
  }
  if (error.type === 'StripeAPIError' || (status !== undefined && status >= 500)) {
    return new ProviderUnavailableError({
      ...withStatus,
      retryable: header('stripe-should-retry') !== 'false',
      outcome: 'unknown',
    });
  }
  if (rawType === 'idempotency_error') {
    return new IdempotencyConflictError({ ...withStatus, retryable: false, outcome: 'failed' });
  }
  // StripeInvalidRequestError (400), StripeCardError (402), OAuth and webhook-signature errors.
  return new BillingError({
    ...withStatus,
    code: 'provider_error',
    retryable: false,
    outcome: status !== undefined ? 'failed' : 'unknown',
  });
}
