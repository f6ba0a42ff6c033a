import { deepStrictEqual } from 'node:assert/strict';
import {
  createBillingClient,
  ProviderUnavailableError,
  RateLimitError,
  type VoidInvoiceOptions,
} from '@billbridge/core';
import { createStripeProvider } from '@billbridge/stripe';
import Stripe from 'stripe';
import { CUSTOMER, IN_OPEN } from '../../packages/stripe/test/stripe-test-kit.js';
import { emulatorFaultScenario } from './emulator-fault-scenario.js';
import { recordingIdempotencyKey } from './recording-keys.js';
import type { RecordingRunContext, RecordingScenario, ScenarioIds } from './recording-scenario.js';
import { createStripeCustomer, createStripeInvoice } from './stripe-recording-setup.js';

type RunContext = RecordingRunContext<Stripe>;

/** The void of packages/stripe/test/stripe-errors.test.ts: one attempt, no client retries. */
function voidOnce(context: RunContext, options: VoidInvoiceOptions = {}) {
  return createBillingClient({
    provider: createStripeProvider({ client: context.createSdk(), apiVersion: Stripe.API_VERSION }),
    retry: { maxAttempts: 1 },
  }).voidInvoice(context.ids.invoiceId!, {
    idempotencyKey: recordingIdempotencyKey(context, 'void'),
    ...options,
  });
}

async function openInvoice({ sdk, runId }: { sdk: Stripe; runId: string }): Promise<ScenarioIds> {
  const customerId = await createStripeCustomer(sdk, { runId });
  return { customerId, invoiceId: await createStripeInvoice(sdk, { customerId, state: 'open' }) };
}

const voidPath = (ids: ScenarioIds) => `/v1/invoices/${ids.invoiceId}/void`;

/** Stripe's cassettes of Stripe failing, recordable from the emulator only. */
export const stripeFaultRecordingScenarios: RecordingScenario<Stripe>[] = [
  emulatorFaultScenario({
    cassette: 'rate-limit-429.json',
    apiVersion: Stripe.API_VERSION,
    documentedIds: { invoiceId: IN_OPEN },
    setup: openInvoice,
    fault: (ids) => ({ path: voidPath(ids), status: 429, retryAfterSeconds: 2 }),
    call: (context) => voidOnce(context),
    isExpected: RateLimitError.isInstance,
    check: (error) => deepStrictEqual(error.retryAfterMs, 2000, 'Retry-After: 2 is read'),
    what: 'a rate-limited void',
  }),
  emulatorFaultScenario({
    cassette: 'server-error-500.json',
    apiVersion: Stripe.API_VERSION,
    // The reconciling read answers the invoice, which names its customer.
    documentedIds: { invoiceId: IN_OPEN, customerId: CUSTOMER },
    setup: openInvoice,
    fault: (ids) => ({ path: voidPath(ids), status: 500 }),
    call: (context) => voidOnce(context),
    isExpected: ProviderUnavailableError.isInstance,
    check: (error) => deepStrictEqual(error.outcome, 'unknown', 'a 500 on a void leaves the outcome unknown'),
    what: 'a void Stripe fails',
  }),
];
