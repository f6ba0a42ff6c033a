import {
  AuthenticationError,
  ConnectionError,
  IdempotencyConflictError,
  PermissionError,
} from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import {
  chargebeeInvoiceStatusMap,
  chargebeeVoidBlockers,
  mapChargebeeCreditNote,
  mapChargebeeCustomerBalance,
  mapChargebeeError,
  mapChargebeeInvoice,
  promotionalCreditsApplied,
} from '../src/index.js';
import { creditNote, customer, invoice } from './support/chargebee-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: fixtures are JSON, checked against the SDK types elsewhere
const asInvoice = (value: unknown) => value as any;

describe('invoice mapping', () => {
  it('maps every Chargebee status (DESIGN §3.4)', () => {
    expect(chargebeeInvoiceStatusMap).toEqual({
      pending: 'draft',
      posted: 'open',
      payment_due: 'open',
      not_paid: 'uncollectible',
      voided: 'void',
      paid: 'paid',
    });
    for (const [providerStatus, status] of Object.entries(chargebeeInvoiceStatusMap)) {
      const mapped = mapChargebeeInvoice(
        asInvoice(invoice({ id: '1', customerId: 'c', status: providerStatus as 'paid' })),
      );
      expect([mapped.status, mapped.providerStatus]).toEqual([status, providerStatus]);
    }
  });

  it('a status named like an Object.prototype member is a word Chargebee does not use', () => {
    for (const status of ['constructor', 'toString', '__proto__']) {
      expect(() =>
        mapChargebeeInvoice(asInvoice(invoice({ id: '1', customerId: 'c', status: status as 'paid' }))),
      ).toThrow(`unknown Chargebee invoice status ${JSON.stringify(status)}`);
    }
  });

  it('total adds back the promotional credits Chargebee books as a discount; amounts stay integers', () => {
    const mapped = mapChargebeeInvoice(
      asInvoice(invoice({ id: '1', customerId: 'c', status: 'payment_due', subscriptionId: 's' })),
    );
    expect(mapped).toMatchObject({
      total: { amount: 2000, currency: 'usd' },
      amountDue: { amount: 1500, currency: 'usd' },
      amountPaid: { amount: 0, currency: 'usd' },
      appliedBalance: { amount: 500, currency: 'usd' },
      amountCredited: { amount: 0, currency: 'usd' },
      subscriptionId: 's',
      voidReasonCode: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      voidedAt: null,
    });
    const none = mapChargebeeInvoice(
      asInvoice(invoice({ id: '1', customerId: 'c', status: 'payment_due', promotional: 0 })),
    );
    expect(none.appliedBalance).toBeNull();
    expect(none.total.amount).toBe(2000);
  });

  it('balanceReturned reads discounts[] of type promotional_credits, never credits_applied', () => {
    const raw = asInvoice({
      credits_applied: 700,
      discounts: [
        { amount: 100, entity_type: 'document_level_coupon' },
        { amount: 250, entity_type: 'promotional_credits' },
        { amount: 50, entity_type: 'promotional_credits' },
      ],
    });
    expect(promotionalCreditsApplied(raw)).toBe(300);
  });
});

describe('void blockers from the invoice’s own fields', () => {
  const base = (extra: Record<string, unknown>, status = 'payment_due') =>
    asInvoice(invoice({ id: '1', customerId: 'c', status: status as 'paid', extra }));

  it('none for a clean payment_due, posted or not_paid invoice', () => {
    for (const status of ['payment_due', 'posted', 'not_paid'])
      expect(chargebeeVoidBlockers(base({}, status))).toEqual([]);
  });

  it('names every precondition that fails, and only live payments and refunded credits count', () => {
    const raw = base({
      linked_payments: [
        { txn_id: 't1', applied_amount: 1, applied_at: 1, txn_status: 'failure' },
        { txn_id: 't2', applied_amount: 1, applied_at: 1, txn_status: 'in_progress' },
      ],
      amount_adjusted: 0,
      adjustment_credit_notes: [{ cn_id: 'a', cn_status: 'voided' }],
      applied_credits: [{ cn_id: 'b', applied_amount: 1, applied_at: 1, cn_status: 'adjusted' }],
      issued_credit_notes: [{ cn_id: 'd', cn_status: 'refund_due' }],
      linked_taxes_withheld: [{ id: 'tw' }],
    });
    expect(chargebeeVoidBlockers(raw)).toEqual([
      'has_payments',
      'has_refunded_credits',
      'has_taxes_withheld',
    ]);
    expect(chargebeeVoidBlockers(base({ linked_payments: [{ txn_id: 't', txn_status: 'voided' }] }))).toEqual(
      [],
    );
    expect(
      chargebeeVoidBlockers(base({ adjustment_credit_notes: [{ cn_id: 'a', cn_status: 'adjusted' }] })),
    ).toEqual(['has_adjustments']);
  });

  it('a non-voidable status is the whole answer', () => {
    expect(chargebeeVoidBlockers(base({}, 'paid'))).toEqual(['paid']);
    expect(chargebeeVoidBlockers(base({ linked_taxes_withheld: [{ id: 'x' }] }, 'voided'))).toEqual([
      'already_void',
    ]);
    expect(chargebeeVoidBlockers(base({}, 'pending'))).toEqual(['draft']);
  });

  // The status table is a plain object: `constructor` found `function Object()` and returned it as
  // the one blocker; an unknown status has no status blocker, the other preconditions are checked.
  it('a status named like an Object.prototype member has no status blocker', () => {
    for (const status of ['constructor', 'toString', '__proto__', 'valueOf']) {
      expect([status, chargebeeVoidBlockers(base({}, status))]).toEqual([status, []]);
      expect([status, chargebeeVoidBlockers(base({ amount_adjusted: 100 }, status))]).toEqual([
        status,
        ['has_adjustments'],
      ]);
    }
  });
});

describe('credit note and balance mapping', () => {
  const note = (extra: Partial<Parameters<typeof creditNote>[0]>, raw: Record<string, unknown> = {}) =>
    mapChargebeeCreditNote(
      asInvoice({
        ...creditNote({
          id: 'CN-1',
          invoiceId: '1',
          customerId: 'c',
          type: 'refundable',
          status: 'refund_due',
          total: 1000,
          ...extra,
        }),
        ...raw,
      }),
    );

  it('kinds: adjustment, store → credit, refundable → credit / refund / mixed', () => {
    expect(note({ type: 'adjustment', status: 'adjusted' }).kind).toBe('adjustment');
    expect(note({ type: 'store' }).kind).toBe('credit');
    expect(note({}).kind).toBe('credit');
    expect(note({ status: 'refunded' }, { amount_refunded: 1000 })).toMatchObject({
      kind: 'refund',
      refundAmount: 1000,
      creditAmount: 0,
    });
    expect(note({}, { amount_refunded: 400 })).toMatchObject({
      kind: 'mixed',
      refundAmount: 400,
      creditAmount: 600,
    });
    expect(note({ status: 'voided' }).status).toBe('void');
  });

  it('customer balance: top-level fields without balances[]; 0 in a currency the customer has none in', () => {
    const raw = asInvoice(customer({ id: 'c', promotional: 500, refundable: 10, excess: 1 }));
    expect(mapChargebeeCustomerBalance(raw, { currency: 'eur' })).toMatchObject({
      currency: 'eur',
      credit: 0,
    });
    const { balances: _b, ...single } = raw;
    expect(mapChargebeeCustomerBalance(single)).toMatchObject({ currency: 'usd', credit: 511 });
  });
});

describe('mapChargebeeError (chargebee v3 rejects with plain objects)', () => {
  const options = { operation: 'voidInvoice', mutating: true, idempotent: true } as const;
  const plain = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
    message: 'm',
    type: 'invalid_request',
    api_error_code: code,
    http_status_code: status,
    headers: {},
    ...extra,
  });

  it('keys on api_error_code', () => {
    expect(mapChargebeeError(plain(422, 'unable_to_process_request'), options)).toSatisfy(
      IdempotencyConflictError.isInstance,
    );
    expect(
      mapChargebeeError(plain(422, 'unable_to_process_request'), { ...options, idempotent: false }).code,
    ).toBe('provider_error');
    expect(mapChargebeeError(plain(403, 'api_authorization_failed'), options)).toSatisfy(
      PermissionError.isInstance,
    );
    expect(mapChargebeeError(plain(401, 'basic_authentication_failed'), options)).toSatisfy(
      AuthenticationError.isInstance,
    );
    expect(mapChargebeeError(plain(503, 'site_not_ready'), options).code).toBe('provider_unavailable');
    expect(mapChargebeeError(plain(409, 'invalid_state_for_request'), options)).toMatchObject({
      code: 'provider_error',
      retryable: false,
      status: 409,
    });
  });

  it('the SDK timeout is a ConnectionError with outcome unknown', () => {
    const timeout = Object.assign(new Error('io_error'), {
      type: 'timeout',
      api_error_code: 'request aborted due to timeout.',
      http_status_code: 504,
    });
    const error = mapChargebeeError(timeout, options);
    expect(error).toSatisfy(ConnectionError.isInstance);
    expect(error.outcome).toBe('unknown');
  });
});
