import { defineBillingError } from './define-billing-error.js';

/**
 * A webhook delivery was refused: not the raw body, a missing or bad signature, a timestamp
 * outside the tolerance, wrong Basic auth, an API version billbridge does not read. The message
 * says what to fix and never holds a secret. Never retryable: the same delivery fails the same way.
 */
export const WebhookVerificationError = defineBillingError(
  'WebhookVerificationError',
  'webhook_verification_failed',
  { retryable: false, outcome: 'not_executed' },
);

/** An instance of {@link WebhookVerificationError}. */
export type WebhookVerificationError = InstanceType<typeof WebhookVerificationError>;
