import { WebhookVerificationError } from '@billbridge/core';

/**
 * Awaits a `parseWebhook` (or anything) that must be refused with a `WebhookVerificationError`
 * and returns that error; throws when it resolves or rejects with anything else.
 */
export async function expectWebhookRefusal(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  let outcome: { resolved: true } | { resolved: false; error: unknown };
  try {
    await promise;
    outcome = { resolved: true };
  } catch (error) {
    outcome = { resolved: false, error };
  }
  if (outcome.resolved) throw new Error('expected a WebhookVerificationError, but the delivery was accepted');
  if (!WebhookVerificationError.isInstance(outcome.error)) {
    throw new Error(`expected a WebhookVerificationError, got ${String(outcome.error)}`, {
      cause: outcome.error,
    });
  }
  return outcome.error;
}
