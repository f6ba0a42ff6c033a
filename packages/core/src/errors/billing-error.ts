const marker = 'billbridge.error';

/** Closed union of error codes. */
export type BillingErrorCode =
  | 'validation_failed'
  | 'unsupported_option'
  | 'invoice_not_voidable'
  | 'not_found'
  | 'authentication_failed'
  | 'permission_denied'
  | 'rate_limited'
  | 'idempotency_conflict'
  | 'conflict'
  | 'provider_unavailable'
  | 'connection_failed'
  | 'aborted'
  | 'webhook_verification_failed'
  | 'provider_error';

/**
 * `not_executed`: nothing happened at the provider. `failed`: the provider refused. `unknown`: the
 * request may have taken effect (e.g. the connection dropped after it was sent).
 */
export type BillingErrorOutcome = 'not_executed' | 'failed' | 'unknown';

/**
 * What a `BillingError` is made from: the message, and optionally its code, provider, retryability,
 * outcome, HTTP status, request id and cause.
 */
export interface BillingErrorOptions {
  message: string;
  code?: BillingErrorCode;
  provider?: string;
  retryable?: boolean;
  outcome?: BillingErrorOutcome;
  status?: number;
  requestId?: string;
  cause?: unknown;
}

/**
 * The base of every error billbridge throws. Errors are branded with `Symbol.for` markers so that
 * `isInstance` works across duplicated copies of the package. `cause` (the provider SDK's error) is
 * kept but left out of `toJSON`, so serializing an error never copies provider internals.
 */
export class BillingError extends Error {
  readonly code: BillingErrorCode;
  readonly provider: string | undefined;
  readonly retryable: boolean;
  readonly outcome: BillingErrorOutcome;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(options: BillingErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BillingError';
    this.code = options.code ?? 'provider_error';
    this.provider = options.provider;
    this.retryable = options.retryable ?? false;
    this.outcome = options.outcome ?? 'failed';
    this.status = options.status;
    this.requestId = options.requestId;
    brand(this, marker);
  }

  /** True for any billbridge error, from any copy of the package. */
  static isInstance(error: unknown): error is BillingError {
    return hasMarker(error, marker);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      retryable: this.retryable,
      outcome: this.outcome,
      status: this.status,
      requestId: this.requestId,
    };
  }
}

/** Marks an error with `Symbol.for(markerName)` (non-enumerable), for `isInstance` across package copies. */
export function brand(error: Error, markerName: string): void {
  Object.defineProperty(error, Symbol.for(markerName), { value: true, enumerable: false });
}

/**
 * Whether `error` carries the brand `Symbol.for(markerName)` that `brand` sets: how `isInstance`
 * recognizes billbridge errors across package copies.
 */
export function hasMarker(error: unknown, markerName: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[Symbol.for(markerName)] === true
  );
}

/** True for any billbridge error, including ones from another copy of the package. */
export function isBillingError(error: unknown): error is BillingError {
  return BillingError.isInstance(error);
}
