/**
 * One idempotency key per recorded call, new on every run: Stripe answers a key reused with other
 * parameters within 24 hours with an idempotency error ("The idempotency layer compares incoming
 * parameters to those of the original request and errors if they're not the same",
 * docs.stripe.com/idempotency). The cassette keeps only that a key was sent (`"*"`).
 */
export function recordingIdempotencyKey(context: { runId: string }, call: string): string {
  return `billbridge-record-${context.runId}-${call}`;
}

/** A key of the provider's test-mode shape (`sk_test_…`, `test_…`) that no account has, for the 401 cassettes. */
export function unknownTestKey(prefix: 'sk_test_' | 'test_', context: { runId: string }): string {
  return `${prefix}billbridgeNotAKey${context.runId.replace(/[^A-Za-z0-9]/g, '')}`;
}
