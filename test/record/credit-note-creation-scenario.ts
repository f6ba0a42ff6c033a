import { deepStrictEqual } from 'node:assert/strict';
import type { BillingClient, CreateCreditNoteInput, CreditNoteKind } from '@billbridge/core';
import { recordingIdempotencyKey } from './recording-keys.js';
import type { RecordingRunContext, RecordingScenario } from './recording-scenario.js';

export interface CreditNoteCreationScenarioOptions<Sdk>
  extends Pick<RecordingScenario<Sdk>, 'cassette' | 'apiVersion' | 'documentedIds' | 'requires' | 'setup'> {
  billing(context: RecordingRunContext<Sdk>): BillingClient;
  /** What the cassette's test asks for (the invoice and the idempotency key are added). */
  input: Omit<CreateCreditNoteInput, 'invoiceId' | 'idempotencyKey'>;
  /** The kind the new credit note must have. */
  kind: CreditNoteKind;
}

/** A scenario recording one `createCreditNote` on the invoice setup made; the new note's id maps to `creditNoteId`. */
export function creditNoteCreationScenario<Sdk>(
  options: CreditNoteCreationScenarioOptions<Sdk>,
): RecordingScenario<Sdk> {
  const { billing, input, kind, ...scenario } = options;
  return {
    ...scenario,
    async run(context) {
      const note = await billing(context).createCreditNote({
        ...input,
        invoiceId: context.ids.invoiceId!,
        idempotencyKey: recordingIdempotencyKey(context, 'credit-note'),
      });
      deepStrictEqual(note.kind, kind, `the credit note is of kind ${kind}`);
      return { creditNoteId: note.id };
    },
  };
}
