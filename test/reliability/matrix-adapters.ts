import { createChargebeeProvider } from '@billbridge/chargebee';
import type { BillingProvider } from '@billbridge/core';
import { createStripeProvider } from '@billbridge/stripe';

/** The adapters' request timeout in the fault matrix. */
export const MATRIX_TIMEOUT_MS = 400;

/**
 * How long a "slow" answer is held; the adapters run with a 400 ms timeout. 50 ms starved the
 * reconciling read on a loaded 2-core run, and so did 150 ms once, with the machine at load 13: the
 * read after three reset voids timed out and was made twice (reads 2, expected 1). 2.5 s, six times
 * the timeout: at 400 ms against a 150 ms timeout a shuffled, loaded full run once saw a held
 * Chargebee answer reach the client first; the client never waits for the hold, so a longer one
 * costs the tests nothing.
 */
export const SLOW_ANSWER_MS = 2_500;

/**
 * The Stripe adapter as the fault matrix runs it: a 400 ms timeout (SDK retries are off in the
 * adapter). stripe-node still retries a closed connection once on its own, after a real sleep of
 * at least 0.5 s; the matrix makes that sleep 0 so no test waits for real (the retry itself still
 * happens). `apiBase` points it at the emulator.
 */
export function matrixStripeProvider(apiKey: string, apiBase?: string): BillingProvider {
  const provider = createStripeProvider({
    apiKey,
    timeout: MATRIX_TIMEOUT_MS,
    ...(apiBase !== undefined ? { apiBase } : {}),
  });
  (provider.client as unknown as { getInitialNetworkRetryDelay: () => number }).getInitialNetworkRetryDelay =
    () => 0;
  return provider;
}

/** The Chargebee adapter as the fault matrix runs it: a 400 ms timeout; the SDK's retries are off. */
export function matrixChargebeeProvider(site: string, apiKey: string, apiBase?: string): BillingProvider {
  return createChargebeeProvider({
    site,
    apiKey,
    timeoutMs: MATRIX_TIMEOUT_MS,
    ...(apiBase !== undefined ? { apiBase } : {}),
  });
}
