import type { Cassette } from '@billbridge/testing';
import { describe, expect, it } from 'vitest';
import { rewriteCassetteIds } from './rewrite-cassette-ids.js';

function cassette(interactions: Cassette['interactions']): Cassette {
  return {
    meta: {
      provider: 'stripe',
      apiVersion: '2026-10-28.endive',
      sdkVersion: 'stripe@23.1.0',
      source: 'recorded',
      origin: 'https://api.stripe.com',
      description: 'void of in_1RealInvoice000000000',
    },
    interactions,
  };
}

describe('rewriteCassetteIds', () => {
  it('rewrites Stripe ids in paths, bodies, headers, nested response bodies, URLs and object keys', () => {
    const recorded = cassette([
      {
        request: {
          method: 'POST',
          path: '/v1/credit_notes?invoice=in_1RealInvoice000000000',
          body: { invoice: 'in_1RealInvoice000000000', amount: '300' },
          headers: { 'idempotency-key': '*', 'original-request': 'req_1' },
        },
        response: {
          status: 200,
          headers: { 'request-id': 'req_1' },
          body: {
            id: 'cn_1RealCreditNote00000000',
            customer: 'cus_RealCustomer01',
            invoice: 'in_1RealInvoice000000000',
            hosted_invoice_url: 'https://invoice.stripe.com/i/acct_REDACTED/test_in_1RealInvoice000000000',
            lines: { data: [{ id: 'il_1RealLine', invoice: 'in_1RealInvoice000000000' }] },
            metadata: { cus_RealCustomer01: 'keyed by the customer' },
            amount: 300,
          },
        },
      },
    ]);
    const rewritten = rewriteCassetteIds(recorded, {
      in_1RealInvoice000000000: 'in_1MtGmCLkdIwHu7ix6PgS6g8S',
      cus_RealCustomer01: 'cus_NeZwdNtLEOXuvB',
      cn_1RealCreditNote00000000: 'cn_1MxvRqLkdIwHu7ixY0xbUcxk',
    });
    const [interaction] = rewritten.interactions;
    expect(interaction?.request).toEqual({
      method: 'POST',
      path: '/v1/credit_notes?invoice=in_1MtGmCLkdIwHu7ix6PgS6g8S',
      body: { invoice: 'in_1MtGmCLkdIwHu7ix6PgS6g8S', amount: '300' },
      headers: { 'idempotency-key': '*', 'original-request': 'req_1' },
    });
    expect(interaction?.response.body).toEqual({
      id: 'cn_1MxvRqLkdIwHu7ixY0xbUcxk',
      customer: 'cus_NeZwdNtLEOXuvB',
      invoice: 'in_1MtGmCLkdIwHu7ix6PgS6g8S',
      hosted_invoice_url: 'https://invoice.stripe.com/i/acct_REDACTED/test_in_1MtGmCLkdIwHu7ix6PgS6g8S',
      lines: { data: [{ id: 'il_1RealLine', invoice: 'in_1MtGmCLkdIwHu7ix6PgS6g8S' }] },
      metadata: { cus_NeZwdNtLEOXuvB: 'keyed by the customer' },
      amount: 300,
    });
    // meta is left as recorded, and the input is not changed.
    expect(rewritten.meta).toEqual(recorded.meta);
    expect(recorded.interactions[0]?.request.path).toBe('/v1/credit_notes?invoice=in_1RealInvoice000000000');
  });

  it('rewrites a short Chargebee invoice number only as a whole token', () => {
    const recorded = cassette([
      {
        request: {
          method: 'GET',
          path: '/api/v2/credit_notes?limit=100&reference_invoice_id%5Bis%5D=17',
        },
        response: {
          status: 404,
          body: {
            message: 'invoice 17 not found',
            id: '17',
            line_item: 'li_17',
            credit_note: 'CN-17',
            next_offset: '["1767225600","170"]',
            date: 17,
          },
        },
      },
    ]);
    const rewritten = rewriteCassetteIds(recorded, { '17': '2001' });
    expect(rewritten.interactions[0]?.request.path).toBe(
      '/api/v2/credit_notes?limit=100&reference_invoice_id%5Bis%5D=2001',
    );
    expect(rewritten.interactions[0]?.response.body).toEqual({
      message: 'invoice 2001 not found',
      id: '2001',
      line_item: 'li_17',
      credit_note: 'CN-17',
      next_offset: '["1767225600","170"]',
      date: 17,
    });
  });

  it('rewrites in one pass: an id whose replacement is another recorded id is not rewritten twice', () => {
    const recorded = cassette([
      {
        request: { method: 'POST', path: '/api/v2/invoices/2001/void', body: {} },
        response: { status: 200, body: { invoice: { id: '2001', customer_id: 'bbrec-run1-ada' } } },
      },
      {
        request: { method: 'GET', path: '/api/v2/invoices/5' },
        response: { status: 200, body: { invoice: { id: '5' } } },
      },
    ]);
    // The site's real invoice 2001 becomes 1001, and its real invoice 5 becomes 2001.
    const rewritten = rewriteCassetteIds(recorded, {
      '2001': '1001',
      '5': '2001',
      'bbrec-run1-ada': 'cbdemo_ada',
    });
    expect(rewritten.interactions.map((interaction) => interaction.request.path)).toEqual([
      '/api/v2/invoices/1001/void',
      '/api/v2/invoices/2001',
    ]);
    expect(rewritten.interactions[0]?.response.body).toEqual({
      invoice: { id: '1001', customer_id: 'cbdemo_ada' },
    });
  });

  it('prefers the longest id where two overlap, and leaves identical pairs alone', () => {
    const recorded = cassette([
      {
        request: { method: 'GET', path: '/v1/customers/cus_RealCustomer01Extended' },
        response: { status: 200, body: { id: 'cus_RealCustomer01Extended', other: 'cus_RealCustomer01' } },
      },
    ]);
    const rewritten = rewriteCassetteIds(recorded, {
      cus_RealCustomer01: 'cus_A',
      cus_RealCustomer01Extended: 'cus_B',
      in_missing: 'in_missing',
    });
    expect(rewritten.interactions[0]?.response.body).toEqual({ id: 'cus_B', other: 'cus_A' });
    expect(rewriteCassetteIds(recorded, { in_missing: 'in_missing' })).toEqual(recorded);
  });

  it('refuses an empty id', () => {
    expect(() => rewriteCassetteIds(cassette([]), { '': 'in_1' })).toThrow(/empty id/);
    expect(() => rewriteCassetteIds(cassette([]), { in_1RealInvoice000000000: '' })).toThrow(/empty id/);
  });
});
