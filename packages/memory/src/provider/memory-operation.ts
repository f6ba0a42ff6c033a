/** The provider operations the memory provider logs and can be told to fail. */
export type MemoryOperation =
  | 'voidInvoice'
  | 'getInvoice'
  | 'checkVoidable'
  | 'createCreditNote'
  | 'getCreditNote'
  | 'listCreditNotes'
  | 'voidCreditNote'
  | 'getCustomerBalance'
  | 'setSubscriptionBalanceSettings';

/** One entry of the provider's call log. */
export interface MemoryCall {
  operation: MemoryOperation;
  input: unknown;
  idempotencyKey: string | undefined;
  attempt: number;
  /** `ok`, `error`, or `replayed` (answered from an idempotency record). */
  outcome: 'ok' | 'error' | 'replayed';
  errorCode?: string;
  at: string;
}
