import { deepStrictEqual } from 'node:assert/strict';
import { createChargebeeProvider } from '@billbridge/chargebee';
import { createBillingClient, ProviderUnavailableError, RateLimitError } from '@billbridge/core';
import type Chargebee from 'chargebee';
import { createChargebeeCustomer, createChargebeeInvoice } from './chargebee-recording-setup.js';
import { emulatorFaultScenario } from './emulator-fault-scenario.js';
import { recordingIdempotencyKey } from './recording-keys.js';
import type { RecordingRunContext, RecordingScenario, ScenarioIds } from './recording-scenario.js';

type RunContext = RecordingRunContext<Chargebee>;

const provider = (context: RunContext) =>
  createChargebeeProvider({ client: context.createSdk(), voidCreatesCreditNote: false });

/** The void of the client tests (packages/chargebee/test/create-chargebee-provider.test.ts): one attempt. */
const clientVoid = (context: RunContext) =>
  createBillingClient({ provider: provider(context), retry: { maxAttempts: 1 } }).voidInvoice(
    context.ids.invoiceId!,
    { idempotencyKey: recordingIdempotencyKey(context, 'void') },
  );

/** The adapter's own void (those tests call `doVoidInvoice`: no reconciling read after a 5xx). */
const adapterVoid = (context: RunContext) =>
  provider(context).doVoidInvoice(
    { invoiceId: context.ids.invoiceId!, appliedBalance: 'return' },
    { attempt: 1, idempotencyKey: recordingIdempotencyKey(context, 'void') },
  );

async function openInvoice({ sdk, runId }: { sdk: Chargebee; runId: string }): Promise<ScenarioIds> {
  const customerId = await createChargebeeCustomer(sdk, { runId });
  return { customerId, invoiceId: (await createChargebeeInvoice(sdk, { customerId })).invoiceId };
}

const voidPath = (ids: ScenarioIds) => `/api/v2/invoices/${ids.invoiceId}/void`;
const documentedIds = { invoiceId: '2001' };

/** Chargebee's cassettes of Chargebee (or a proxy) failing, recordable from the emulator only. */
export const chargebeeFaultRecordingScenarios: RecordingScenario<Chargebee>[] = [
  emulatorFaultScenario({
    cassette: 'void-rate-limited.json',
    apiVersion: 'v2',
    documentedIds,
    setup: openInvoice,
    fault: (ids) => ({ path: voidPath(ids), status: 429, retryAfterSeconds: 2 }),
    call: clientVoid,
    isExpected: RateLimitError.isInstance,
    check: (error) => deepStrictEqual(error.retryAfterMs, 2000, 'Retry-After: 2 is read'),
    what: 'a rate-limited void',
  }),
  emulatorFaultScenario({
    cassette: 'void-lock-timeout.json',
    apiVersion: 'v2',
    documentedIds,
    setup: openInvoice,
    // Chargebee answers a held lock with a 429 lock_timeout, without Retry-After.
    fault: (ids) => ({ path: voidPath(ids), status: 429, code: 'lock_timeout', retryAfterSeconds: null }),
    call: clientVoid,
    isExpected: RateLimitError.isInstance,
    check: (error) =>
      deepStrictEqual(/lock_timeout/.test(error.message), true, 'the message names lock_timeout'),
    what: 'a void meeting a held lock',
  }),
  emulatorFaultScenario({
    cassette: 'void-server-error.json',
    apiVersion: 'v2',
    documentedIds,
    setup: openInvoice,
    fault: (ids) => ({ path: voidPath(ids), status: 500 }),
    call: adapterVoid,
    isExpected: ProviderUnavailableError.isInstance,
    check: (error) => deepStrictEqual(error.outcome, 'unknown', 'a 500 on a void leaves the outcome unknown'),
    what: 'a void Chargebee fails',
  }),
  emulatorFaultScenario({
    cassette: 'void-bad-gateway.json',
    apiVersion: 'v2',
    documentedIds,
    setup: openInvoice,
    fault: (ids) => ({ path: voidPath(ids), status: 502, body: 'html' }),
    call: adapterVoid,
    isExpected: ProviderUnavailableError.isInstance,
    check: (error) =>
      deepStrictEqual(/not its JSON API/.test(error.message), true, 'the HTML is not taken as JSON'),
    what: 'a void a proxy answers with HTML',
  }),
];
