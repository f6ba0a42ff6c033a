import type { BillingProvider } from '@billbridge/core';
import { type ApiDialect, type FakeApi, fakeProviderApi } from './fake-provider-api.js';
import type { Fault } from './fault-matrix.js';
import { type VoidRun, voidWithMatrixPolicy } from './fault-run.js';

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
    const voided = await voidWithMatrixPolicy(makeProvider(), invoiceId);
    return {
      api,
      ...voided,
      attempts: api.voidRequests().length,
      reads: api.readRequests().length,
      keys: api.voidRequests().map((request) => request.headers[dialect.keyHeader]),
      voids: api.voids() as 0 | 1,
    };
  } finally {
    api.stop();
  }
}
