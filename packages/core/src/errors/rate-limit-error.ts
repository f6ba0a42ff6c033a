import { BillingError, type BillingErrorOptions, brand, hasMarker } from './billing-error.js';

const marker = 'billbridge.error.RateLimitError';

/** HTTP 429. Retryable; `retryAfterMs` carries the provider's `Retry-After` when it sent one. */
export class RateLimitError extends BillingError {
  readonly retryAfterMs: number | undefined;

  constructor(options: Omit<BillingErrorOptions, 'code'> & { retryAfterMs?: number }) {
    super({ retryable: true, outcome: 'not_executed', status: 429, ...options, code: 'rate_limited' });
    this.name = 'RateLimitError';
    brand(this, marker);
    this.retryAfterMs = options.retryAfterMs;
  }

  static override isInstance(error: unknown): error is RateLimitError {
    return hasMarker(error, marker);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}
