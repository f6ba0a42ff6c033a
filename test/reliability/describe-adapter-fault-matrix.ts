import { describe, expect, it } from 'vitest';
import { cellFor, type Fault, faults, type ProviderName } from './fault-matrix.js';
import {
  type AbortFixture,
  abortScenarios,
  expectPersistentRun,
  expectTransientRun,
  type VoidRun,
} from './fault-run.js';

/** One void under a fault, as a fault source saw it. */
export interface FaultSourceRun extends VoidRun {
  /** How many times the invoice really was voided (`voids` as counted, before any cap). */
  timesVoided: number;
  /** What the source found wrong: requests the run should not have made, state that disagrees with them. */
  problems: string[];
}

/** Where the faults come from: a nock'd fake API, or the emulator's fault rules over real sockets. */
export interface FaultSource {
  /** For the titles: `nock`, `the emulator (real sockets)`. */
  name: string;
  /** Voids a fresh open invoice through the adapter with `fault` on the first `times` void requests. */
  run(fault: Fault, times: number): Promise<FaultSourceRun>;
  /** An invoice whose void attempts fail with a retryable 503 once `failAlways` was called. */
  abortFixture(): Promise<AbortFixture>;
}

export interface AdapterFaultMatrixOptions {
  provider: Exclude<ProviderName, 'memory'>;
  /** Named in the test titles, e.g. `Stripe adapter over stripe-node`. */
  label: string;
  /** The idempotency header every attempt must carry, for the titles. */
  keyHeader: string;
  source: FaultSource;
}

/**
 * The fault matrix and the abort scenarios for one adapter over its real SDK and a fault source:
 * every fault once failing every request and once failing only the first, each compared with the
 * matrix's row (fault-matrix.ts).
 */
export function describeAdapterFaultMatrix(options: AdapterFaultMatrixOptions): void {
  const { provider, source } = options;
  describe(`fault matrix: ${options.label}, ${source.name}`, () => {
    for (const fault of faults) {
      it(`${fault.label}: bounded attempts, one ${options.keyHeader}, the matrix's result, voided at most once`, async () => {
        const cell = cellFor(provider, fault.id);
        const persistent = await source.run(fault, 100);
        expect(persistent.problems).toEqual([]);
        expect(persistent.timesVoided).toBeLessThanOrEqual(1);
        expectPersistentRun(cell, fault, persistent);

        const transient = await source.run(fault, 1);
        expect(transient.problems).toEqual([]);
        expect(transient.timesVoided).toBeLessThanOrEqual(1);
        expectTransientRun(cell, transient);
      });
    }
  });

  describe(`abort: ${options.label}, ${source.name}`, () => {
    abortScenarios(() => source.abortFixture());
  });
}
