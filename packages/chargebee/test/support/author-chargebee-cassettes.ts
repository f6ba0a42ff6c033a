/**
 * Authors the Chargebee cassettes (`source: 'documented'`) from the fixtures in
 * `chargebee-fixtures.ts`. Provider sandboxes cannot be reached from CI, so the exchanges are
 * written from Chargebee's API reference and checked against the `chargebee` package's types and
 * the v1 OpenAPI error shapes by `test/contract/chargebee-cassettes.test.ts`.
 *
 * Regenerate (from the repository root):
 *   npx tsx --conditions=source packages/chargebee/test/support/author-chargebee-cassettes.ts
 * `packages/chargebee/test/cassettes-up-to-date.test.ts` fails when the committed files differ.
 * Cassettes re-recorded from a test site (`pnpm record`, `meta.source: 'recorded'`) are kept.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cassette } from '@billbridge/testing';
import {
  AMOUNTS,
  API,
  apiError,
  creditNote,
  customer,
  documentedCassette,
  invoice,
  type Json,
  T0,
} from './chargebee-fixtures.js';

export const CONTRACT_FIXTURE = {
  customerId: 'cbdemo_ada',
  invoiceId: '1001',
  otherInvoiceId: '1002',
  subscriptionId: 'cbdemo_sub_1',
} as const;

const C = CONTRACT_FIXTURE.customerId;
const SUB = CONTRACT_FIXTURE.subscriptionId;

const cassette = documentedCassette;

const KEY = 'chargebee-idempotency-key';

function voidRequest(id: string, body: Record<string, string> = {}, key = '*') {
  return { method: 'POST', path: `${API}/invoices/${id}/void`, body, headers: { [KEY]: key } };
}
const getInvoice = (id: string) => ({ method: 'GET', path: `${API}/invoices/${id}` });
const getCustomer = (id: string) => ({ method: 'GET', path: `${API}/customers/${id}` });
const ok = (body: Json, headers?: Record<string, string>) => ({
  status: 200,
  body,
  ...(headers ? { headers } : {}),
});

const open = (id: string, extra: Partial<Parameters<typeof invoice>[0]> = {}) =>
  invoice({ id, customerId: C, subscriptionId: SUB, status: 'payment_due', ...extra });

/** The credit note Chargebee makes on a void when "Void invoices with credit note" is on. */
function voidCreditNote(invoiceId: string): Json {
  return creditNote({
    id: `CN-V${invoiceId}`,
    invoiceId,
    customerId: C,
    type: 'adjustment',
    status: 'adjusted',
    total: AMOUNTS.due,
    createReasonCode: 'Invoice Void',
  });
}

function voided(id: string, options: { creditNote: boolean; voidReasonCode?: string }): Json {
  const extra = options.creditNote
    ? {
        amount_adjusted: AMOUNTS.due,
        adjustment_credit_notes: [
          {
            cn_id: `CN-V${id}`,
            cn_create_reason_code: 'Invoice Void',
            cn_date: T0 + 3_600,
            cn_total: AMOUNTS.due,
            cn_status: 'adjusted',
          },
        ],
      }
    : {};
  return invoice({
    id,
    customerId: C,
    subscriptionId: SUB,
    status: 'voided',
    ...(options.voidReasonCode ? { voidReasonCode: options.voidReasonCode } : {}),
    extra,
  });
}

function voidResponse(id: string, options: { creditNote: boolean; voidReasonCode?: string }): Json {
  return {
    invoice: voided(id, options),
    ...(options.creditNote ? { credit_note: voidCreditNote(id) } : {}),
  };
}

const refusal = (status: string) =>
  ({
    status: 409,
    body: apiError(
      409,
      'invalid_state_for_request',
      'invalid_request',
      `The invoice is in ${status} state and cannot be voided.`,
    ),
  }) as const;

const notFound = (what: string, id: string) => ({
  status: 404,
  body: apiError(
    404,
    'resource_not_found',
    'invalid_request',
    `Sorry, we couldn't find that resource`,
    `${what} ${id}`,
  ),
});

/** Scenarios whose void answers differ when the site makes a credit note on void. */
export const CREDIT_NOTE_VARIANT_SCENARIOS = [
  'void-open-with-credit',
  'void-idempotent-replay',
  'void-idempotency-conflict',
  'void-with-reason',
  'reverse-open',
] as const;

function contractCassettes(withCreditNote: boolean): Record<string, Cassette> {
  const I = CONTRACT_FIXTURE.invoiceId;
  const O = CONTRACT_FIXTURE.otherInvoiceId;
  const cn = { creditNote: withCreditNote };
  const suffix = withCreditNote
    ? ' The site has "Void invoices with credit note" on: the void answers with a credit_note.'
    : '';
  const all: Record<string, Cassette> = {
    'void-open-with-credit': cassette(
      `void-open-with-credit: void an open invoice with 500 promotional credits applied; they come back to the customer.${suffix}`,
      [
        {
          note: 'the void: one request, no body',
          request: voidRequest(I),
          response: ok(voidResponse(I, cn)),
        },
        {
          note: 'the customer has the 500 promotional credits again',
          request: getCustomer(C),
          response: ok({ customer: customer({ id: C, promotional: AMOUNTS.promotional }) }),
        },
      ],
    ),
    'void-idempotent-replay': cassette(
      `void-idempotent-replay: the same void twice with one idempotency key; Chargebee replays the first answer.${suffix}`,
      [
        { request: voidRequest(I, {}, 'contract-replay-1'), response: ok(voidResponse(I, cn)) },
        {
          note: 'replayed from the idempotency record: chargebee-idempotency-replayed: true',
          request: voidRequest(I, {}, 'contract-replay-1'),
          response: ok(voidResponse(I, cn), { 'chargebee-idempotency-replayed': 'true' }),
        },
        {
          request: getCustomer(C),
          response: ok({ customer: customer({ id: C, promotional: AMOUNTS.promotional }) }),
        },
      ],
    ),
    'void-idempotency-conflict': cassette(
      `void-idempotency-conflict: one idempotency key reused for another invoice is refused (422).${suffix}`,
      [
        { request: voidRequest(I, {}, 'contract-conflict-1'), response: ok(voidResponse(I, cn)) },
        {
          note: 'same key, another request: unable_to_process_request',
          request: voidRequest(O, {}, 'contract-conflict-1'),
          response: {
            status: 422,
            body: apiError(
              422,
              'unable_to_process_request',
              'invalid_request',
              'The idempotency key has already been used with a different request.',
            ),
          },
        },
      ],
    ),
    'void-with-reason': cassette(
      `void-with-reason: reasonCode and comment go out as void_reason_code and comment.${suffix}`,
      [
        {
          request: voidRequest(I, { comment: 'Raised twice by mistake', void_reason_code: 'duplicate' }),
          response: ok(voidResponse(I, { ...cn, voidReasonCode: 'duplicate' })),
        },
      ],
    ),
    'reverse-open': cassette(
      `reverse-open: reverseInvoice reads the invoice (voidable), then voids it.${suffix}`,
      [
        { request: getInvoice(I), response: ok({ invoice: open(I) }) },
        { request: voidRequest(I), response: ok(voidResponse(I, cn)) },
      ],
    ),
  };
  if (withCreditNote) return all;
  const refused = (status: 'paid' | 'pending' | 'voided', label: string): Cassette => {
    const state =
      status === 'voided'
        ? voided(I, { creditNote: false })
        : invoice({ id: I, customerId: C, subscriptionId: SUB, status });
    return cassette(
      `${label}: Chargebee refuses the void (invalid_state_for_request); the adapter reads the invoice to name the blocker, then the suite reads it again.`,
      [
        { request: voidRequest(I), response: refusal(status) },
        {
          note: 'read by the adapter after the refusal',
          request: getInvoice(I),
          response: ok({ invoice: state }),
        },
        { note: 'read by the suite', request: getInvoice(I), response: ok({ invoice: state }) },
      ],
    );
  };
  const CN = 'CN-2001';
  const created = creditNote({
    id: CN,
    invoiceId: I,
    customerId: C,
    type: 'adjustment',
    status: 'adjusted',
    total: AMOUNTS.creditNote,
    reasonCode: 'order_change',
  });
  const voidedNote = creditNote({
    id: CN,
    invoiceId: I,
    customerId: C,
    type: 'adjustment',
    status: 'voided',
    total: AMOUNTS.creditNote,
    reasonCode: 'order_change',
  });
  return {
    ...all,
    'void-consume-refused': cassette(
      'void-consume-refused: consume is refused by capabilities; no request.',
      [],
    ),
    'void-refused-paid': refused('paid', 'void-refused-paid'),
    'void-refused-draft': refused('pending', 'void-refused-draft (Chargebee pending)'),
    'void-refused-void': refused('voided', 'void-refused-void'),
    'credit-note-lifecycle': cassette(
      'credit-note-lifecycle: an adjustment credit note of 300 on the open invoice, listed, voided, read back.',
      [
        {
          request: {
            method: 'POST',
            path: `${API}/credit_notes`,
            body: {
              reference_invoice_id: I,
              type: 'adjustment',
              total: String(AMOUNTS.creditNote),
              reason_code: 'order_change',
            },
            headers: { [KEY]: '*' },
          },
          response: ok({ credit_note: created, invoice: open(I, { amountAdjusted: AMOUNTS.creditNote }) }),
        },
        {
          request: { method: 'GET', path: `${API}/credit_notes?limit=100&reference_invoice_id%5Bis%5D=${I}` },
          response: ok({ list: [{ credit_note: created }] }),
        },
        {
          request: {
            method: 'POST',
            path: `${API}/credit_notes/${CN}/void`,
            body: {},
            headers: { [KEY]: '*' },
          },
          response: ok({ credit_note: voidedNote }),
        },
        {
          request: { method: 'GET', path: `${API}/credit_notes/${CN}` },
          response: ok({ credit_note: voidedNote }),
        },
      ],
    ),
    'reverse-paid': cassette(
      'reverse-paid: the read shows a paid invoice (Chargebee total 1500 after 500 of promotional credits); one refundable credit note of the 1500 creditable.',
      [
        {
          request: getInvoice(I),
          response: ok({ invoice: invoice({ id: I, customerId: C, subscriptionId: SUB, status: 'paid' }) }),
        },
        {
          request: {
            method: 'POST',
            path: `${API}/credit_notes`,
            body: { reference_invoice_id: I, type: 'refundable', total: String(AMOUNTS.due) },
            headers: { [KEY]: '*' },
          },
          response: ok({
            credit_note: creditNote({
              id: 'CN-2002',
              invoiceId: I,
              customerId: C,
              type: 'refundable',
              status: 'refund_due',
              total: AMOUNTS.due,
            }),
          }),
        },
      ],
    ),
    'reverse-paid-refused': cassette(
      'reverse-paid-refused: the read shows a paid invoice; nothing else is sent.',
      [
        {
          request: getInvoice(I),
          response: ok({ invoice: invoice({ id: I, customerId: C, subscriptionId: SUB, status: 'paid' }) }),
        },
      ],
    ),
    'not-found': cassette(
      'not-found: the invoice does not exist (resource_not_found, 404) for a read and a void.',
      [
        { request: getInvoice(I), response: notFound('invoice', I) },
        { request: voidRequest(I), response: notFound('invoice', I) },
      ],
    ),
    'subscription-balance-settings': cassette(
      'subscription-balance-settings: false is native (no request); true is refused by capabilities (no request).',
      [],
    ),
    'bad-input': cassette('bad-input: every call is refused by validation; no request.', []),
  };
}

/** Cassettes for the adapter's own tests (`packages/chargebee/test`). */
function adapterCassettes(): Record<string, Cassette> {
  const I = '2001';
  const blocked = (description: string, state: Json): Cassette =>
    cassette(description, [
      { request: voidRequest(I), response: refusal(String(state.status)) },
      {
        note: 'read after the refusal to name the blockers',
        request: getInvoice(I),
        response: ok({ invoice: state }),
      },
    ]);
  const payments = open(I, {
    amountPaid: 500,
  });
  const adjusted = open(I, {
    amountAdjusted: AMOUNTS.creditNote,
    extra: {
      adjustment_credit_notes: [
        {
          cn_id: 'CN-77',
          cn_reason_code: 'order_change',
          cn_date: T0 + 60,
          cn_total: AMOUNTS.creditNote,
          cn_status: 'adjusted',
        },
      ],
    },
  });
  const refunded = open(I, {
    extra: {
      credits_applied: 200,
      amount_due: AMOUNTS.due - 200,
      applied_credits: [
        {
          cn_id: 'CN-88',
          applied_amount: 200,
          applied_at: T0 + 60,
          cn_reason_code: 'other',
          cn_date: T0 - 86_400,
          cn_status: 'refunded',
        },
      ],
    },
  });
  const withheld = open(I, {
    extra: {
      amount_due: AMOUNTS.due - 150,
      linked_taxes_withheld: [
        {
          id: 'tw_1',
          amount: 150,
          description: 'TDS withheld by the customer',
          date: T0 + 60,
          reference_number: 'TDS-2026-1',
        },
      ],
    },
  });
  const paidInvoice = invoice({ id: I, customerId: C, status: 'paid' });
  const cn = (extra: Partial<Parameters<typeof creditNote>[0]>) =>
    creditNote({
      id: 'CN-3001',
      invoiceId: I,
      customerId: C,
      type: 'adjustment',
      status: 'adjusted',
      total: AMOUNTS.creditNote,
      ...extra,
    });
  const error = (status: number, body: Json | string, headers?: Record<string, string>) => ({
    status,
    body,
    ...(headers ? { headers } : {}),
  });
  return {
    'void-with-reason-and-comment': cassette(
      'A void with void_reason_code and comment; the site makes no credit note on void.',
      [
        {
          request: voidRequest(I, {
            comment: 'Customer cancelled the order',
            void_reason_code: 'Order Cancelled',
          }),
          response: ok({
            invoice: invoice({ id: I, customerId: C, status: 'voided', voidReasonCode: 'Order Cancelled' }),
          }),
        },
      ],
    ),
    'void-with-credit-note': cassette(
      'A void with void_reason_code and comment on a site with "Void invoices with credit note": the answer carries an adjustment credit note (status adjusted, create_reason_code "Invoice Void").',
      [
        {
          request: voidRequest(I, {
            comment: 'Customer cancelled the order',
            void_reason_code: 'Order Cancelled',
          }),
          response: ok({
            invoice: invoice({
              id: I,
              customerId: C,
              status: 'voided',
              voidReasonCode: 'Order Cancelled',
              extra: {
                amount_adjusted: AMOUNTS.due,
                adjustment_credit_notes: [
                  {
                    cn_id: 'CN-V2001',
                    cn_create_reason_code: 'Invoice Void',
                    cn_date: T0 + 3_600,
                    cn_total: AMOUNTS.due,
                    cn_status: 'adjusted',
                  },
                ],
              },
            }),
            credit_note: creditNote({
              id: 'CN-V2001',
              invoiceId: I,
              customerId: C,
              type: 'adjustment',
              status: 'adjusted',
              total: AMOUNTS.due,
              createReasonCode: 'Invoice Void',
            }),
          }),
        },
      ],
    ),
    // What a voided invoice shows of the promotional credits Chargebee gave back is not documented
    // (docs/chargebee.md, "The voided invoice"); one cassette per shape billbridge cannot rule out.
    'void-voided-keeps-discounts': cassette(
      'Void of an invoice with 500 promotional credits applied; the voided invoice still lists them in discounts[] (and line_item_discounts[]).',
      [
        {
          request: voidRequest(I),
          response: ok({ invoice: invoice({ id: I, customerId: C, status: 'voided' }) }),
        },
      ],
    ),
    'void-voided-drops-discounts': cassette(
      'Void of an invoice with 500 promotional credits applied; the voided invoice no longer lists them in discounts[] ("removed"), only each line keeps its share in line_item_discounts[].',
      [
        {
          request: voidRequest(I),
          response: ok({
            invoice: { ...invoice({ id: I, customerId: C, status: 'voided' }), discounts: [] },
          }),
        },
      ],
    ),
    'void-voided-drops-every-trace': cassette(
      'Void of an invoice with 500 promotional credits applied; the voided invoice keeps no trace of them (discounts[] and line_item_discounts[] empty).',
      [
        {
          request: voidRequest(I),
          response: ok({
            invoice: {
              ...invoice({ id: I, customerId: C, status: 'voided' }),
              discounts: [],
              line_item_discounts: [],
            },
          }),
        },
      ],
    ),
    'void-refused-paid': blocked('Void refused: the invoice is paid.', paidInvoice),
    'void-refused-pending': blocked(
      'Void refused: the invoice is pending (a draft).',
      invoice({ id: I, customerId: C, status: 'pending' }),
    ),
    'void-refused-voided': blocked(
      'Void refused: the invoice is already voided.',
      invoice({ id: I, customerId: C, status: 'voided' }),
    ),
    'void-refused-linked-payments': blocked(
      'Void refused: a successful payment of 500 is linked to the invoice.',
      payments,
    ),
    'void-refused-amount-adjusted': blocked(
      'Void refused: an adjustment credit note of 300 was applied (amount_adjusted 300).',
      adjusted,
    ),
    'void-refused-refunded-credits': blocked(
      'Void refused: an applied credit note was refunded (cn_status refunded).',
      refunded,
    ),
    'void-refused-taxes-withheld': blocked(
      'Void refused: taxes withheld are linked to the invoice.',
      withheld,
    ),
    'void-unknown-invoice': cassette('Void of an invoice that does not exist: resource_not_found (404).', [
      { request: voidRequest('9999'), response: notFound('invoice', '9999') },
    ]),
    'void-unauthorized': cassette('Void with a wrong API key: api_authentication_failed (401).', [
      {
        request: voidRequest(I),
        response: error(
          401,
          apiError(
            401,
            'api_authentication_failed',
            'untyped',
            'Sorry, authentication failed. Invalid api key',
          ),
        ),
      },
    ]),
    'void-rate-limited': cassette('Void rate limited: api_request_limit_exceeded (429) with Retry-After.', [
      {
        request: voidRequest(I),
        response: error(
          429,
          apiError(
            429,
            'api_request_limit_exceeded',
            'operation_failed',
            'Sorry, access has been blocked temporarily due to request count exceeding acceptable limits.',
          ),
          { 'retry-after': '2' },
        ),
      },
    ]),
    'void-lock-timeout': cassette('Void while another request holds the invoice: lock_timeout (429).', [
      {
        request: voidRequest(I),
        response: error(
          429,
          apiError(429, 'lock_timeout', 'operation_failed', 'Lock timeout. Please retry the request.'),
        ),
      },
    ]),
    'void-server-error': cassette('Void answered with internal_error (500).', [
      {
        request: voidRequest(I),
        response: error(
          500,
          apiError(
            500,
            'internal_error',
            'operation_failed',
            'Sorry, something went wrong when trying to process the request.',
          ),
        ),
      },
    ]),
    'void-bad-gateway': cassette('Void answered by a proxy with an HTML 502 (not Chargebee JSON).', [
      {
        request: voidRequest(I),
        response: error(
          502,
          '<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>',
          {
            'content-type': 'text/html',
          },
        ),
      },
    ]),
    'credit-note-create-adjustment': cassette(
      'An adjustment credit note of 300 on an open invoice, with a site reason code (create_reason_code) and a comment.',
      [
        {
          request: {
            method: 'POST',
            path: `${API}/credit_notes`,
            body: {
              reference_invoice_id: I,
              type: 'adjustment',
              total: '300',
              create_reason_code: 'Goodwill',
              comment: 'Service interruption on 3 January',
            },
            headers: { [KEY]: '*' },
          },
          response: ok({
            credit_note: cn({ createReasonCode: 'Goodwill' }),
            invoice: open(I, { amountAdjusted: AMOUNTS.creditNote }),
          }),
        },
      ],
    ),
    'credit-note-create-refundable': cassette(
      'A refundable credit note of 1000 on a paid invoice: the amount stays with the customer as refundable credits (status refund_due).',
      [
        {
          request: {
            method: 'POST',
            path: `${API}/credit_notes`,
            body: {
              reference_invoice_id: I,
              type: 'refundable',
              total: '1000',
              reason_code: 'product_unsatisfactory',
            },
            headers: { [KEY]: '*' },
          },
          response: ok({
            credit_note: cn({
              type: 'refundable',
              status: 'refund_due',
              total: 1000,
              reasonCode: 'product_unsatisfactory',
            }),
            invoice: invoice({
              id: I,
              customerId: C,
              status: 'paid',
              extra: {
                issued_credit_notes: [
                  {
                    cn_id: 'CN-3001',
                    cn_reason_code: 'product_unsatisfactory',
                    cn_date: T0 + 3_600,
                    cn_total: 1000,
                    cn_status: 'refund_due',
                  },
                ],
              },
            }),
          }),
        },
      ],
    ),
    'credit-note-list': cassette('Credit notes of an invoice, over two pages (next_offset).', [
      {
        request: { method: 'GET', path: `${API}/credit_notes?limit=100&reference_invoice_id%5Bis%5D=${I}` },
        response: ok({ list: [{ credit_note: cn({}) }], next_offset: '["1767229200000","CN-3001"]' }),
      },
      {
        request: {
          method: 'GET',
          path: `${API}/credit_notes?limit=100&reference_invoice_id%5Bis%5D=${I}&offset=%5B%221767229200000%22%2C%22CN-3001%22%5D`,
        },
        response: ok({ list: [{ credit_note: cn({ id: 'CN-3002', status: 'voided' }) }] }),
      },
    ]),
    'credit-note-void': cassette('Void a credit note with a comment.', [
      {
        request: {
          method: 'POST',
          path: `${API}/credit_notes/CN-3001/void`,
          body: { comment: 'Issued in error' },
          headers: { [KEY]: '*' },
        },
        response: ok({ credit_note: cn({ status: 'voided' }) }),
      },
    ]),
    'customer-balance': cassette(
      'A customer with promotional credits 500, refundable credits 200 and excess payments 100 (USD).',
      [
        {
          request: getCustomer(C),
          response: ok({ customer: customer({ id: C, promotional: 500, refundable: 200, excess: 100 }) }),
        },
      ],
    ),
  };
}

/** Ids of the parity test (test/contract/memory-parity.test.ts): the memory provider is seeded with the same. */
export const PARITY_FIXTURE = {
  /** 500 promotional credits, applied to `openInvoiceId` (2000). */
  customerId: 'cbdemo_ada',
  subscriptionId: 'cbdemo_sub_1',
  openInvoiceId: '1001',
  /** Another customer's invoice: 500 credits applied, 1500 paid. */
  paidCustomerId: 'cbdemo_bob',
  paidInvoiceId: '1002',
  /** A third customer's open invoice (500 applied, 1500 due) that gets a credit note of 300. */
  otherCustomerId: 'cbdemo_cy',
  otherInvoiceId: '1003',
  idempotencyKey: 'parity-void-1',
} as const;

/** The exchanges of the parity application (see the test for the calls), for a site without or with the void credit note. */
function parityCassette(withCreditNote: boolean): Cassette {
  const F = PARITY_FIXTURE;
  const voidBody = { comment: 'Raised twice by mistake', void_reason_code: 'duplicate' };
  const voidedInvoice = voided(F.openInvoiceId, { creditNote: withCreditNote, voidReasonCode: 'duplicate' });
  const answer = {
    invoice: voidedInvoice,
    ...(withCreditNote ? { credit_note: voidCreditNote(F.openInvoiceId) } : {}),
  };
  const paid = invoice({ id: F.paidInvoiceId, customerId: F.paidCustomerId, status: 'paid' });
  const other = invoice({ id: F.otherInvoiceId, customerId: F.otherCustomerId, status: 'payment_due' });
  const note = (status: 'adjusted' | 'voided') =>
    creditNote({
      id: 'CN-1',
      invoiceId: F.otherInvoiceId,
      customerId: F.otherCustomerId,
      type: 'adjustment',
      status,
      total: AMOUNTS.creditNote,
      reasonCode: 'order_change',
    });
  return cassette(
    `The parity application (test/contract/memory-parity.test.ts) on Chargebee${withCreditNote ? ', on a site with "Void invoices with credit note"' : ''}.`,
    [
      {
        note: 'checkVoidable',
        request: getInvoice(F.openInvoiceId),
        response: ok({ invoice: open(F.openInvoiceId) }),
      },
      {
        note: 'the void',
        request: voidRequest(F.openInvoiceId, voidBody, F.idempotencyKey),
        response: ok(answer),
      },
      {
        note: 'the same void again, same key: replayed',
        request: voidRequest(F.openInvoiceId, voidBody, F.idempotencyKey),
        response: ok(answer, { 'chargebee-idempotency-replayed': 'true' }),
      },
      {
        note: 'the credits are back',
        request: getCustomer(F.customerId),
        response: ok({ customer: customer({ id: F.customerId, promotional: AMOUNTS.promotional }) }),
      },
      {
        note: 'void of the paid invoice: refused',
        request: voidRequest(F.paidInvoiceId),
        response: refusal('paid'),
      },
      {
        note: 'read after the refusal',
        request: getInvoice(F.paidInvoiceId),
        response: ok({ invoice: paid }),
      },
      {
        note: 'a credit note of 300 on the other open invoice',
        request: {
          method: 'POST',
          path: `${API}/credit_notes`,
          body: {
            reference_invoice_id: F.otherInvoiceId,
            type: 'adjustment',
            total: '300',
            reason_code: 'order_change',
          },
          headers: { [KEY]: '*' },
        },
        response: ok({
          credit_note: note('adjusted'),
          invoice: {
            ...other,
            amount_adjusted: AMOUNTS.creditNote,
            amount_due: AMOUNTS.due - AMOUNTS.creditNote,
          },
        }),
      },
      {
        request: {
          method: 'GET',
          path: `${API}/credit_notes?limit=100&reference_invoice_id%5Bis%5D=${F.otherInvoiceId}`,
        },
        response: ok({ list: [{ credit_note: note('adjusted') }] }),
      },
      {
        request: { method: 'POST', path: `${API}/credit_notes/CN-1/void`, body: {}, headers: { [KEY]: '*' } },
        response: ok({ credit_note: note('voided') }),
      },
    ],
  );
}

/** Every cassette, by path relative to `test/cassettes/chargebee/`. */
export function authorChargebeeCassettes(): Record<string, Cassette> {
  const out: Record<string, Cassette> = {};
  for (const [name, value] of Object.entries(adapterCassettes())) out[`${name}.json`] = value;
  for (const [name, value] of Object.entries(contractCassettes(false))) out[`contract/${name}.json`] = value;
  for (const [name, value] of Object.entries(contractCassettes(true)))
    out[`contract/${name}.with-credit-note.json`] = value;
  out['parity.json'] = parityCassette(false);
  out['parity.with-credit-note.json'] = parityCassette(true);
  return out;
}

export function serializeCassette(value: Cassette): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Whether a cassette file's text is a recording (`pnpm record`), which the authoring script must not overwrite. */
export function isRecordedCassette(text: string): boolean {
  try {
    return (JSON.parse(text) as Partial<Cassette>).meta?.source === 'recorded';
  } catch {
    return false;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const CASSETTE_DIR = path.resolve(here, '../../../../test/cassettes/chargebee');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let written = 0;
  for (const [file, value] of Object.entries(authorChargebeeCassettes())) {
    const target = path.join(CASSETTE_DIR, file);
    if (existsSync(target) && isRecordedCassette(readFileSync(target, 'utf8'))) {
      console.log(`kept ${file}: recorded from a test site (pnpm record)`);
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, serializeCassette(value));
    written++;
  }
  console.log(`wrote ${written} cassettes to ${CASSETTE_DIR}`);
}
