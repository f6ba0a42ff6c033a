import type { BillingError } from '@billbridge/core';
import type { MemoryOperation } from './memory-operation.js';

/**
 * Options of `provider.failNext`: how many calls fail, and whether each fails before the operation or
 * after it took effect.
 */
export interface FailNextOptions {
  /** How many calls fail (default 1). */
  times?: number;
  /**
   * `before` (default): the call fails, nothing changes. `after`: it takes effect, then throws (a
   * connection dropped after the provider acted).
   */
  effect?: 'before' | 'after';
}

interface Fault {
  operation: MemoryOperation;
  error: BillingError | (() => BillingError);
  remaining: number;
  effect: 'before' | 'after';
}

/** Queued failures for `failNext`, taken first in first out per operation. */
export function createFaultQueue() {
  let faults: Fault[] = [];
  return {
    add(
      operation: MemoryOperation,
      error: BillingError | (() => BillingError),
      options: FailNextOptions = {},
    ) {
      const times = options.times ?? 1;
      if (!Number.isInteger(times) || times < 1)
        throw new RangeError('failNext: times must be a positive integer');
      faults.push({ operation, error, remaining: times, effect: options.effect ?? 'before' });
    },
    /** The fault for this call, if one is queued; it is used up. */
    take(operation: MemoryOperation): { error: BillingError; effect: 'before' | 'after' } | undefined {
      const fault = faults.find((candidate) => candidate.operation === operation);
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining === 0) faults = faults.filter((candidate) => candidate !== fault);
      return { error: typeof fault.error === 'function' ? fault.error() : fault.error, effect: fault.effect };
    },
    clear() {
      faults = [];
    },
    get pending() {
      return faults.reduce((sum, fault) => sum + fault.remaining, 0);
    },
  };
}

export type FaultQueue = ReturnType<typeof createFaultQueue>;
