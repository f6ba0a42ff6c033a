import { parseInput, providerIdSchema, voidInvoiceOptionsSchema } from '@billbridge/core';

export interface ValidationCostResult {
  /** What was parsed. */
  label: string;
  iterations: number;
  nsPerValidation: number;
}

/** What `voidInvoice` parses: the bench's `voidInvoice(id)` (id only), `voidInvoice(id, {})`, all options. */
const cases: { label: string; id: string; options: Record<string, unknown> | undefined }[] = [
  {
    label: "voidInvoice(id): the id only (the bench's void)",
    id: 'in_1MtGmCLkdIwHu7ix6PgS6g8S',
    options: undefined,
  },
  { label: 'voidInvoice(id, {}): id + empty options', id: 'in_1MtGmCLkdIwHu7ix6PgS6g8S', options: {} },
  {
    label: 'voidInvoice(id, { appliedBalance, reasonCode, comment, idempotencyKey, providerOptions })',
    id: 'in_1MtGmCLkdIwHu7ix6PgS6g8S',
    options: {
      appliedBalance: 'return',
      reasonCode: 'duplicate',
      comment: 'Customer cancelled the order',
      idempotencyKey: 'order-4711-void',
      providerOptions: { stripe: { recordVoidReasonAsMetadata: false } },
    },
  },
];

/**
 * ns per `voidInvoice` input validation: the zod parses the client makes before any provider call
 * (`providerIdSchema` for the id; `voidInvoiceOptionsSchema` for options, when any are given).
 */
export function measureValidationCost(iterations: number): ValidationCostResult[] {
  return cases.map(({ label, id, options }) => {
    const run = (count: number) => {
      let kept = 0;
      for (let index = 0; index < count; index++) {
        kept += parseInput(providerIdSchema, id, { prefix: 'invoiceId', provider: 'bench' }).length;
        if (options !== undefined) {
          kept += Object.keys(parseInput(voidInvoiceOptionsSchema, options, { provider: 'bench' })).length;
        }
      }
      return kept;
    };
    run(Math.min(20_000, iterations)); // warm-up
    const started = process.hrtime.bigint();
    const kept = run(iterations);
    const elapsed = Number(process.hrtime.bigint() - started);
    if (kept === 0) throw new Error('bench: validation returned nothing');
    return { label, iterations, nsPerValidation: elapsed / iterations };
  });
}
