import {
  AbortedError,
  type BillingProvider,
  createBillingClient,
  isBillingError,
  type VoidInvoiceResult,
} from '@billbridge/core';
import { expect, it } from 'vitest';
import { fakeRetryRuntime } from './fake-retry-runtime.js';
import { type Fault, type FaultCell, matrixPolicy, type Outcome } from './fault-matrix.js';

/** What one void under a fault did. */
export interface VoidRun {
  /** Void requests that reached the provider. */
  attempts: number;
  /** Invoice reads that reached the provider. */
  reads: number;
  /** The idempotency key of each void request, in order. */
  keys: (string | undefined)[];
  outcome: Outcome;
  /** 1 when the invoice ended up voided. */
  voids: 0 | 1;
  sleeps: number[];
  elapsed: number;
  /**
   * What the source saw, for the failure message only (never compared): over real sockets, the real
   * milliseconds the void took and each logged request's arrival, fault and status. A run that once
   * disagreed with its row in about 55 full runs (2026-12-02) left nothing else to go on.
   */
  trace?: string;
}

export interface AbortFixture {
  provider: BillingProvider;
  invoiceId: string;
  /** Make every void attempt fail with a retryable error. */
  failAlways: () => void | Promise<void>;
  /** Void requests that reached the provider so far. */
  voidAttempts: () => number | Promise<number>;
}

/** Voids `invoiceId` once through a billing client with the matrix policy on fake time. */
export async function voidWithMatrixPolicy(
  provider: BillingProvider,
  invoiceId: string,
): Promise<Pick<VoidRun, 'outcome' | 'sleeps' | 'elapsed'>> {
  const time = fakeRetryRuntime();
  const billing = createBillingClient({ provider, retry: matrixPolicy, retryRuntime: time.runtime });
  let result: VoidInvoiceResult | undefined;
  let caught: unknown;
  try {
    result = await billing.voidInvoice(invoiceId);
  } catch (error) {
    caught = error;
  }
  return { outcome: toOutcome(result, caught), sleeps: time.sleeps, elapsed: time.elapsed() };
}

/** AbortSignal cases, the same for every provider. */
export function abortScenarios(setup: () => Promise<AbortFixture>) {
  it('an already aborted signal: no request at all, AbortedError not_executed', async () => {
    const fixture = await setup();
    await fixture.failAlways();
    const time = fakeRetryRuntime();
    const billing = createBillingClient({
      provider: fixture.provider,
      retry: matrixPolicy,
      retryRuntime: time.runtime,
    });
    const controller = new AbortController();
    controller.abort();
    const error = await billing
      .voidInvoice(fixture.invoiceId, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect((error as AbortedError).outcome).toBe('not_executed');
    expect(await fixture.voidAttempts()).toBe(0);
    expect(time.sleeps).toEqual([]);
  });

  it('aborting during the backoff stops the retries at once: one attempt, no wait, AbortedError', async () => {
    const fixture = await setup();
    await fixture.failAlways();
    const controller = new AbortController();
    const time = fakeRetryRuntime({ onSleep: () => controller.abort() });
    const billing = createBillingClient({
      provider: fixture.provider,
      retry: matrixPolicy,
      retryRuntime: time.runtime,
    });
    const error = await billing
      .voidInvoice(fixture.invoiceId, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(isBillingError(error) && error.code).toBe('aborted');
    // The 503 may have taken effect, so the abort says the outcome is unknown, and keeps the cause.
    expect((error as AbortedError).outcome).toBe('unknown');
    expect(isBillingError((error as Error).cause)).toBe(true);
    expect(await fixture.voidAttempts()).toBe(1);
    expect(time.sleeps).toEqual([]);
    expect(time.elapsed()).toBe(0);
  });
}

/** The matrix outcome of a void: its result, or the typed error it threw. */
export function toOutcome(result: VoidInvoiceResult | undefined, caught: unknown): Outcome {
  if (result) {
    expect(result.invoice.status).toBe('void');
    return { kind: 'voided', reconciled: result.warnings.some((warning) => warning.code === 'reconciled') };
  }
  if (!isBillingError(caught)) throw caught;
  return { kind: 'error', name: caught.name, retryable: caught.retryable, outcome: caught.outcome };
}

/** Checks a run where the fault happened on every attempt against its matrix cell, and the time bounds. */
export function expectPersistentRun(cell: FaultCell, fault: Fault, run: VoidRun) {
  expect(
    { attempts: run.attempts, reads: run.reads, outcome: run.outcome, voids: run.voids },
    run.trace,
  ).toEqual(cell.persistent);
  expect(run.attempts).toBeLessThanOrEqual(matrixPolicy.maxAttempts * 2);
  expect(new Set(run.keys).size === 1 && typeof run.keys[0] === 'string' && run.keys[0] !== '').toBe(
    cell.sameKey,
  );
  // Backoff: at most one wait between client attempts, each within the cap, all within the budget.
  expect(run.sleeps.length).toBeLessThan(matrixPolicy.maxAttempts);
  expect(run.elapsed).toBeLessThanOrEqual(matrixPolicy.totalBudgetMs);
  for (const sleep of run.sleeps) {
    expect(sleep).toBeLessThanOrEqual(matrixPolicy.maxDelayMs);
    if (fault.retryAfterSeconds !== undefined) {
      expect(sleep).toBeGreaterThanOrEqual(fault.retryAfterSeconds * 1000);
    }
  }
}

/** Checks a run where only the first attempt failed. */
export function expectTransientRun(cell: FaultCell, run: VoidRun) {
  expect({ attempts: run.attempts, outcome: run.outcome, voids: run.voids }, run.trace).toEqual(
    cell.transient,
  );
  expect(new Set(run.keys).size).toBe(1);
}
