import type { BillingProvider } from '@billbridge/core';
import type { FaultSource } from './describe-adapter-fault-matrix.js';
import { type ApiDialect, fakeProviderApi } from './fake-provider-api.js';
import { faults } from './fault-matrix.js';
import { runProviderFault } from './provider-fault-run.js';

/** The fault matrix's faults from the nock'd fake API (fake-provider-api.ts); net connect must be off. */
export function nockFaultSource(
  dialect: ApiDialect,
  makeProvider: () => BillingProvider,
  invoiceId: string,
): FaultSource {
  let api: ReturnType<typeof fakeProviderApi> | undefined;
  return {
    name: 'nock',
    async run(fault, times) {
      // An abort scenario's fake API may still be registered: its interceptors on the same paths
      // would answer first (a matrix row run after it saw no request of its own).
      api?.stop();
      api = undefined;
      const run = await runProviderFault(dialect, makeProvider, invoiceId, fault, times);
      return {
        ...run,
        timesVoided: run.api.voids(),
        problems: run.api.unmatched.map((request) => `unmatched ${request}`),
      };
    },
    async abortFixture() {
      api?.stop();
      const current = fakeProviderApi(dialect, {
        invoiceId,
        plan: () => faults.find((f) => f.id === '503'),
      });
      api = current;
      return {
        provider: makeProvider(),
        invoiceId,
        failAlways: () => {},
        voidAttempts: () => current.voidRequests().length,
      };
    },
  };
}
