import { deepStrictEqual } from 'node:assert/strict';
import {
  type BillingClient,
  InvoiceNotVoidableError,
  type VoidBlocker,
  type VoidInvoiceOptions,
} from '@billbridge/core';
import { expectRejection } from './expect-rejection.js';
import { recordingIdempotencyKey } from './recording-keys.js';
import type { RecordingRunContext, RecordingScenario } from './recording-scenario.js';

export interface RefusedVoidScenarioOptions<Sdk>
  extends Pick<RecordingScenario<Sdk>, 'cassette' | 'apiVersion' | 'documentedIds' | 'setup'> {
  billing(context: RecordingRunContext<Sdk>): BillingClient;
  /** What the cassette's test passes along (the idempotency key is added). */
  voidOptions?: Omit<VoidInvoiceOptions, 'idempotencyKey'>;
  /** The one blocker the refusal must name. */
  blocker: VoidBlocker;
}

/**
 * A scenario recording a void the provider refuses, for the invoice setup left in a non-voidable
 * state; the adapter reads the invoice back to name the blocker (both requests are recorded).
 */
export function refusedVoidScenario<Sdk>(options: RefusedVoidScenarioOptions<Sdk>): RecordingScenario<Sdk> {
  const { billing, voidOptions, blocker, ...scenario } = options;
  return {
    ...scenario,
    async run(context) {
      const error = await expectRejection(
        billing(context).voidInvoice(context.ids.invoiceId!, {
          ...voidOptions,
          idempotencyKey: recordingIdempotencyKey(context, 'void'),
        }),
        InvoiceNotVoidableError.isInstance,
        `${scenario.cassette}: the void`,
      );
      deepStrictEqual(error.blockers, [blocker], `the refusal names '${blocker}'`);
      return undefined;
    },
  };
}
