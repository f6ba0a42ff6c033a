import {
  type BillingClient,
  type CreditNote,
  type Invoice,
  InvoiceNotVoidableError,
  type VoidInvoiceResult,
} from '@billbridge/core';

/**
 * The kinds of `raw` the conformance suite hands to `validateRaw`: an invoice's, a credit note's,
 * a customer balance's (the provider's customer object) and a void result's (the provider's answer
 * to the void: Stripe's invoice, Chargebee's `{ invoice, credit_note? }`).
 */
export type RawKind = 'invoice' | 'credit_note' | 'customer_balance' | 'void_result';

/** Where a `raw` came from: the scenario and the client method that returned it. */
export interface RawMeta {
  scenario: string;
  method: string;
}

/** Judges one `raw` object; returns what is wrong with it (empty when it is valid). */
export type ValidateRaw = (kind: RawKind, raw: unknown, meta: RawMeta) => string[];

/** A client wrapped so that every `raw` it returns is judged, and what the judging found. */
export interface RawChecks {
  /** The same client, with every normalized object it returns (or a refusal carries) checked. */
  client: BillingClient;
  /** Every problem found so far, each prefixed with the method and kind. */
  issues: string[];
  /** How many `raw` objects were checked. */
  checked(): number;
}

/**
 * Wraps `client` so that the `raw` of every invoice, credit note, customer balance and void result
 * it hands back goes through `validate`, including the invoice an `InvoiceNotVoidableError`
 * carries. Problems are collected, not thrown, so the scenario runs as it would unwrapped.
 */
export function checkRawResults(client: BillingClient, validate: ValidateRaw, scenario: string): RawChecks {
  const issues: string[] = [];
  let count = 0;
  const check = (method: string, kind: RawKind, raw: unknown) => {
    count++;
    for (const issue of validate(kind, raw, { scenario, method })) issues.push(`${method} ${kind}: ${issue}`);
  };
  const invoice = (method: string, value: Invoice) => check(method, 'invoice', value.raw);
  const note = (method: string, value: CreditNote) => check(method, 'credit_note', value.raw);
  const voided = (method: string, value: VoidInvoiceResult) => {
    check(method, 'void_result', value.raw);
    invoice(method, value.invoice);
    if (value.creditNote) note(method, value.creditNote);
  };
  function watched<A extends unknown[], R>(
    method: string,
    call: (...args: A) => Promise<R>,
    seen: (value: R) => void,
  ): (...args: A) => Promise<R> {
    return async (...args) => {
      try {
        const value = await call(...args);
        seen(value);
        return value;
      } catch (error) {
        if (InvoiceNotVoidableError.isInstance(error) && error.invoice) invoice(method, error.invoice);
        throw error;
      }
    };
  }
  const wrapped: BillingClient = {
    ...client,
    voidInvoice: watched('voidInvoice', client.voidInvoice, (value) => voided('voidInvoice', value)),
    checkVoidable: watched('checkVoidable', client.checkVoidable, (value) =>
      invoice('checkVoidable', value.invoice),
    ),
    getInvoice: watched('getInvoice', client.getInvoice, (value) => invoice('getInvoice', value)),
    createCreditNote: watched('createCreditNote', client.createCreditNote, (value) =>
      note('createCreditNote', value),
    ),
    getCreditNote: watched('getCreditNote', client.getCreditNote, (value) => note('getCreditNote', value)),
    listCreditNotes: watched('listCreditNotes', client.listCreditNotes, (values) => {
      for (const value of values) note('listCreditNotes', value);
    }),
    voidCreditNote: watched('voidCreditNote', client.voidCreditNote, (value) =>
      note('voidCreditNote', value),
    ),
    reverseInvoice: watched('reverseInvoice', client.reverseInvoice, (value) => {
      if (value.action === 'voided') voided('reverseInvoice', value.void);
      else note('reverseInvoice', value.creditNote);
    }),
    getCustomerBalance: watched('getCustomerBalance', client.getCustomerBalance, (value) =>
      check('getCustomerBalance', 'customer_balance', value.raw),
    ),
  };
  return { client: wrapped, issues, checked: () => count };
}
