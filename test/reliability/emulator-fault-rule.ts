import type { FaultRule } from '../../packages/emulator/src/index.js';
import type { Fault } from './fault-matrix.js';
import { SLOW_ANSWER_MS } from './matrix-adapters.js';

/**
 * The emulator's fault rule for one row of the fault matrix, on the first `times` requests to
 * `path`. Every row is expressible:
 * - the resets are real (`socket.destroy()` before the endpoint ran, or after it did);
 * - the timeout is a real one: the void runs, its answer is held SLOW_ANSWER_MS (`delayAt: 'after'`)
 *   while the adapter gives up at 400 ms, so the outcome is unknown and the invoice is void;
 * - the statuses carry the provider's own bodies (Stripe's `rate_limit`, `lock_timeout`,
 *   `api_error`; Chargebee's `api_request_limit_exceeded`, `internal_error`,
 *   `internal_temporary_error`), and the 502 is a proxy's HTML page (`body: 'html'`).
 * One row differs from the nock fake for Chargebee: its "409 lock conflict" is what Chargebee really
 * answers for a held lock, a 429 with `api_error_code: lock_timeout` (its spec lists `lock_timeout`
 * only under the 429 error); the adapter keys on the code, so the matrix's expectation is the same.
 */
export function emulatorFaultRule(
  provider: 'stripe' | 'chargebee',
  fault: Fault,
  path: string,
  times: number,
): FaultRule {
  const on = { method: 'POST' as const, path, times };
  switch (fault.id) {
    case 'reset-before-response':
      return { ...on, reset: 'before' };
    case 'reset-after-sent':
      return { ...on, reset: 'after' };
    case 'timeout':
      return { ...on, delayMs: SLOW_ANSWER_MS, delayAt: 'after' };
    case '429-retry-after':
    case '429-retry-after-too-long':
      return { ...on, status: 429, retryAfterSeconds: fault.retryAfterSeconds! };
    case '429-no-retry-after':
      return { ...on, status: 429, retryAfterSeconds: null };
    case '409-lock':
      return provider === 'stripe'
        ? { ...on, status: 409 }
        : { ...on, status: 429, code: 'lock_timeout', retryAfterSeconds: null };
    case '500':
      return { ...on, status: 500 };
    case '503':
      return { ...on, status: 503 };
    case '502-non-json':
      return { ...on, status: 502, body: 'html' };
  }
}
