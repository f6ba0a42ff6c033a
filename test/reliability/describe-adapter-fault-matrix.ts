import type { BillingProvider } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { type ApiDialect, fakeProviderApi } from './fake-provider-api.js';
import { cellFor, faults, type ProviderName } from './fault-matrix.js';
import { abortScenarios, expectPersistentRun, expectTransientRun } from './fault-run.js';
import { runProviderFault } from './provider-fault-run.js';

export interface AdapterFaultMatrixOptions {
  provider: Exclude<ProviderName, 'memory'>;
  /** Named in the test titles, e.g. `Stripe adapter over stripe-node`. */
  label: string;
  /** The idempotency header every attempt must carry, for the titles. */
  keyHeader: string;
  dialect: ApiDialect;
  makeProvider: () => BillingProvider;
  invoiceId: string;
}

/**
 * The fault matrix and the abort scenarios for one adapter over its real SDK and the nock'd fake
 * API: every fault once failing every request and once failing only the first.
 */
export function describeAdapterFaultMatrix(options: AdapterFaultMatrixOptions): void {
  const { provider, dialect, makeProvider, invoiceId } = options;
  describe(`fault matrix: ${options.label}, nock`, () => {
    for (const fault of faults) {
      it(`${fault.label}: bounded attempts, one ${options.keyHeader}, the matrix's result, voided at most once`, async () => {
        const cell = cellFor(provider, fault.id);
        const persistent = await runProviderFault(dialect, makeProvider, invoiceId, fault, 100);
        expect(persistent.api.unmatched).toEqual([]);
        expectPersistentRun(cell, fault, persistent);
        expect(persistent.api.voids()).toBeLessThanOrEqual(1);

        const transient = await runProviderFault(dialect, makeProvider, invoiceId, fault, 1);
        expect(transient.api.unmatched).toEqual([]);
        expectTransientRun(cell, transient);
      });
    }
  });

  describe(`abort: ${options.label}`, () => {
    let api: ReturnType<typeof fakeProviderApi> | undefined;
    abortScenarios(async () => {
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
    });
  });
}
