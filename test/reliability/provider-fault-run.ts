import { type BillingProvider, createBillingClient, type VoidInvoiceResult } from '@billbridge/core';
import { type ApiDialect, type FakeApi, fakeProviderApi } from './fake-provider-api.js';
import { fakeRetryRuntime } from './fake-retry-runtime.js';
import { type Fault, matrixPolicy } from './fault-matrix.js';
import { toOutcome, type VoidRun } from './fault-run.js';

/** Voids `invoiceId` through the client over an adapter talking to the nock'd fake API. */
export async function runProviderFault(
  dialect: ApiDialect,
  makeProvider: () => BillingProvider,
  invoiceId: string,
  fault: Fault,
  times: number,
): Promise<VoidRun & { api: FakeApi }> {
  const api = fakeProviderApi(dialect, {
    invoiceId,
    plan: (attempt) => (attempt < times ? fault : undefined),
  });
  try {
    const time = fakeRetryRuntime();
    const billing = createBillingClient({
      provider: makeProvider(),
      retry: matrixPolicy,
      retryRuntime: time.runtime,
    });
    let result: VoidInvoiceResult | undefined;
    let caught: unknown;
    try {
      result = await billing.voidInvoice(invoiceId);
    } catch (error) {
      caught = error;
    }
    return {
      api,
      attempts: api.voidRequests().length,
      reads: api.readRequests().length,
      keys: api.voidRequests().map((request) => request.headers[dialect.keyHeader]),
      outcome: toOutcome(result, caught),
      voids: api.voids() as 0 | 1,
      sleeps: time.sleeps,
      elapsed: time.elapsed(),
    };
  } finally {
    api.stop();
  }
}
