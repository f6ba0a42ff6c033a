import { isProviderId, parseInput, providerIdSchema, voidInvoiceOptionsSchema } from '@billbridge/core';

export interface ValidationCostResult {
  /** What was parsed. */
  label: string;
  iterations: number;
  nsPerValidation: number;
}

/** What `voidInvoice` parses: the bench's `voidInvoice(id)` (id only), `voidInvoice(id, {})`, all options. */
const cases: {
  label: string;
  id: string;
  options: Record<string, unknown> | undefined;
  /** Parse the id with zod instead of the client's plain check (for comparison). */
  idThroughZod?: true;
}[] = [
  {
    label: "voidInvoice(id): the id only (the bench's void)",
    id: 'in_1MtGmCLkdIwHu7ix6PgS6g8S',
    options: undefined,
  },
  {
    label:
      'the same id through zod (parseInput(providerIdSchema, id)), as the client did before isProviderId',
    id: 'in_1MtGmCLkdIwHu7ix6PgS6g8S',
    options: undefined,
    idThroughZod: true,
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

/** The id check `voidInvoice` makes: the plain check, zod only to explain a refusal. */
function checkId(id: unknown): string {
  return isProviderId(id) ? id : parseInput(providerIdSchema, id, { prefix: 'invoiceId', provider: 'bench' });
}

/**
 * ns per `voidInvoice` input validation, as the client does it before any provider call:
 * `isProviderId` for the id (zod's `providerIdSchema` only when it fails), `voidInvoiceOptionsSchema`
 * for options when any are given.
 */
export function measureValidationCost(iterations: number): ValidationCostResult[] {
  return cases.map(({ label, id, options, idThroughZod }) => {
    const run = (count: number) => {
      let kept = 0;
      for (let index = 0; index < count; index++) {
        kept += idThroughZod
          ? parseInput(providerIdSchema, id, { prefix: 'invoiceId', provider: 'bench' }).length
          : checkId(id).length;
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
