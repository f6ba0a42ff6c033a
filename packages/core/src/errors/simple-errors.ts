import { defineBillingError } from './define-billing-error.js';

/** The invoice, credit note, customer or subscription does not exist at the provider. */
export const NotFoundError = defineBillingError('NotFoundError', 'not_found', {
  retryable: false,
  outcome: 'failed',
});
export type NotFoundError = InstanceType<typeof NotFoundError>;

/** The provider rejected the credentials (HTTP 401). The key itself never appears in the message. */
export const AuthenticationError = defineBillingError('AuthenticationError', 'authentication_failed', {
  retryable: false,
  outcome: 'not_executed',
});
export type AuthenticationError = InstanceType<typeof AuthenticationError>;

/** The credentials may not do this (HTTP 403). */
export const PermissionError = defineBillingError('PermissionError', 'permission_denied', {
  retryable: false,
  outcome: 'not_executed',
});
export type PermissionError = InstanceType<typeof PermissionError>;

/** The idempotency key was already used with different input. */
export const IdempotencyConflictError = defineBillingError(
  'IdempotencyConflictError',
  'idempotency_conflict',
  {
    retryable: false,
    outcome: 'failed',
  },
);
export type IdempotencyConflictError = InstanceType<typeof IdempotencyConflictError>;

/** A conflicting request was in flight (HTTP 409 lock); safe to retry with the same key. */
export const ConflictError = defineBillingError('ConflictError', 'conflict', {
  retryable: true,
  outcome: 'failed',
});
export type ConflictError = InstanceType<typeof ConflictError>;

/** The provider failed (5xx) or answered with something that is not its API. The request may have taken effect. */
export const ProviderUnavailableError = defineBillingError(
  'ProviderUnavailableError',
  'provider_unavailable',
  {
    retryable: true,
    outcome: 'unknown',
  },
);
export type ProviderUnavailableError = InstanceType<typeof ProviderUnavailableError>;

/** The connection failed or timed out. Once the request was sent it may have taken effect (`outcome: 'unknown'`). */
export const ConnectionError = defineBillingError('ConnectionError', 'connection_failed', {
  retryable: true,
  outcome: 'unknown',
});
export type ConnectionError = InstanceType<typeof ConnectionError>;

/** The caller's AbortSignal stopped the call and its retries. */
export const AbortedError = defineBillingError('AbortedError', 'aborted', {
  retryable: false,
  outcome: 'not_executed',
});
export type AbortedError = InstanceType<typeof AbortedError>;
