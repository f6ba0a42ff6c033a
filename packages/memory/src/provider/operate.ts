import { BillingError, type ProviderCallContext } from '@billbridge/core';
import { clonePlain, snapshotPlain } from '../clone-plain.js';
import type { RingBuffer } from '../ring-buffer.js';
import type { MemoryState } from '../state/create-memory-state.js';
import type { FaultQueue } from './fault-injection.js';
import type { MemoryCall, MemoryOperation } from './memory-operation.js';

/** How `operate` keeps a result for idempotent replays and rebuilds it. */
export interface ReplayOptions<T> {
  /** What the idempotency record keeps: nothing the caller or the provider's state can change later. */
  snapshot: (result: T) => unknown;
  /** A fresh result from the snapshot, for a replay. */
  restore: (snapshot: unknown) => T;
}

/** The default: a deep copy kept, a deep copy handed out on each replay (frozen parts shared). */
const copyOnReplay: ReplayOptions<unknown> = { snapshot: clonePlain, restore: clonePlain };

export type Operate = <T>(
  operation: MemoryOperation,
  input: unknown,
  context: ProviderCallContext,
  run: () => T,
  options?: ReplayOptions<T>,
) => Promise<T>;

/**
 * Runs one logged provider operation around `run` (which changes the state): the call log, fault
 * injection (`before`: nothing changes; `after`: the change is made, then the error), and the
 * state's idempotency records (a replay answers from the record; a refusal is kept too, so the
 * same key gets it again).
 */
export function createOperate(
  state: MemoryState,
  faults: FaultQueue,
  calls: RingBuffer<MemoryCall>,
): Operate {
  const idempotency = state.idempotency;
  // Not an `async` function: the state's work is synchronous, so the settled promise is made once
  // here, without an async function's frame and its extra microtask on every call (issue 12).
  return function operate<T>(
    operation: MemoryOperation,
    input: unknown,
    context: ProviderCallContext,
    run: () => T,
    options: ReplayOptions<T> = copyOnReplay as ReplayOptions<T>,
  ): Promise<T> {
    try {
      return Promise.resolve(operateNow(operation, input, context, run, options));
    } catch (error) {
      return Promise.reject(error);
    }
  };

  function operateNow<T>(
    operation: MemoryOperation,
    input: unknown,
    context: ProviderCallContext,
    run: () => T,
    options: ReplayOptions<T>,
  ): T {
    // Frozen, so the idempotency record can keep the same snapshot of the input.
    const frozenInput = snapshotPlain(input);
    const entry: MemoryCall = {
      operation,
      input: frozenInput,
      idempotencyKey: context.idempotencyKey,
      attempt: context.attempt,
      outcome: 'ok',
      at: state.clock.nowIso(),
    };
    calls.push(entry);
    try {
      const fault = faults.take(operation);
      if (fault?.effect === 'before') throw fault.error;
      const key = context.idempotencyKey;
      if (key !== undefined) {
        const stored = idempotency.lookup(key, operation, input);
        if (stored) {
          entry.outcome = 'replayed';
          // A refusal is kept as the error itself, a result as its snapshot (never a BillingError).
          if (BillingError.isInstance(stored.value)) throw stored.value;
          const result = options.restore(stored.value);
          // The answer from the record is lost just like a first answer would be.
          if (fault?.effect === 'after') throw fault.error;
          return result;
        }
      }
      let result: T;
      try {
        result = run();
      } catch (error) {
        if (key !== undefined && BillingError.isInstance(error) && error.outcome === 'failed') {
          idempotency.save(key, operation, frozenInput, error);
        }
        throw error;
      }
      if (key !== undefined) idempotency.save(key, operation, frozenInput, options.snapshot(result));
      if (fault?.effect === 'after') throw fault.error;
      return result;
    } catch (error) {
      entry.outcome = entry.outcome === 'replayed' ? 'replayed' : 'error';
      if (BillingError.isInstance(error)) entry.errorCode = error.code;
      throw error;
    }
  }
}
