/**
 * stripe-node takes `new Error().stack` on every request, before its first `await`
 * (`StripeResource._makeRequest`: "Capture the caller's stack trace before the async boundary so
 * errors can include the user's call site"), and appends those frames to an error it rejects
 * with. Capturing and formatting that stack is the costliest step of a request's own CPU work
 * (BENCHMARKS.md). billbridge never hands out stripe-node's errors: each becomes a `BillingError`
 * with a stack of its own, the SDK's error kept as its `cause`. So the provider starts each request
 * with `Error.stackTraceLimit` at 0 for the synchronous part of the SDK call only, and puts it back
 * before anything else runs.
 *
 * What that changes: errors created during that synchronous part (stripe-node's call-site capture,
 * an argument it refuses at once, a `request` event listener of the client) carry no frames. Where
 * `Error.stackTraceLimit` cannot be written (frozen intrinsics), requests start as they are.
 */
const writable = (() => {
  const descriptor = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
  return descriptor !== undefined && descriptor.writable === true && typeof descriptor.value === 'number';
})();

/** Calls `start` (which begins an SDK request) with stack traces off, and turns them back on. */
export function withoutSdkCallSite<T>(start: () => T): T {
  if (!writable) return start();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
