import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { createChargebeeProvider } from '@billbridge/chargebee';
import { createBillingClient } from '@billbridge/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { specDataDir } from '../../../../test/schemas/provider-schemas.js';
import {
  extractChargebeeRequestSchemas,
  // @ts-expect-error: a plain .mjs script without types
} from '../../scripts/extract-chargebee-request-schemas.mjs';
import shipped from '../../src/chargebee/chargebee-request-schemas.json' with { type: 'json' };
import { useSchemaCheckedEmulator } from '../support/use-schema-checked-emulator.js';
import { basicAuth, chargebeeAnswerIssues } from './support/chargebee-emulator-harness.js';

const emulator = useSchemaCheckedEmulator({ chargebeeHarness: { siteOfKey: { test_siteBKey: 'site-b' } } });
beforeEach(async () => {
  await emulator.control('POST', '/_emulator/reset');
});

/** A customer with `credit` promotional credits and an open invoice of 2 000 for it. */
async function openInvoice(apiKey?: string, credit = 500) {
  const chargebee = emulator.chargebee(apiKey);
  const { customer } = await chargebee.customer.create({ first_name: 'Ada' });
  if (credit > 0) {
    await chargebee.promotionalCredit.add({ customer_id: customer.id, amount: credit, description: 'seed' });
  }
  const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
    customer_id: customer.id,
    charges: [{ amount: 2000, description: 'Setup' }],
  });
  return { chargebee, customer, invoice };
}

async function raw(method: string, path: string, body = '', headers: Record<string, string> = {}) {
  const response = await fetch(emulator.base + path, {
    method,
    headers: {
      authorization: basicAuth(),
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      ...headers,
    },
    ...(method === 'GET' ? {} : { body }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** The status of a request whose path is sent exactly as given (node:http does not normalize it). */
function rawPathStatus(method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: emulator.server.port,
        method,
        path,
        headers: { authorization: basicAuth() },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('chargebee dialect: request schemas', () => {
  it('ships exactly the request side of the generated Chargebee schemas (else run the extract script)', () => {
    const generated = JSON.parse(
      readFileSync(join(specDataDir, 'chargebee/chargebee-schemas-v2.json'), 'utf8'),
    );
    expect(
      shipped,
      'packages/emulator/src/chargebee/chargebee-request-schemas.json is stale: run node packages/emulator/scripts/extract-chargebee-request-schemas.mjs',
    ).toEqual(extractChargebeeRequestSchemas(generated));
    expect(shipped.sdkVersion).toBe('chargebee@3.33.0');
  });
});

describe('chargebee dialect: form encoding as chargebee-node 3.33 writes it', () => {
  it('reads indexed charges, `+` for spaces and several charges in order', async () => {
    const { customer } = await emulator.chargebee().customer.create({});
    const body = [
      `customer_id=${customer.id}`,
      'charges%5Bamount%5D%5B0%5D=1200',
      'charges%5Bdescription%5D%5B0%5D=Onboarding+workshop',
      'charges%5Bamount%5D%5B1%5D=300',
      'charges%5Bdescription%5D%5B1%5D=Travel%20costs',
    ].join('&');
    const answer = await raw('POST', '/api/v2/invoices/create_for_charge_items_and_charges', body);
    expect(answer.status).toBe(200);
    const invoice = answer.body.invoice as {
      line_items: { amount: number; description: string }[];
      total: number;
    };
    expect(invoice.line_items.map((line) => [line.amount, line.description])).toEqual([
      [1200, 'Onboarding workshop'],
      [300, 'Travel costs'],
    ]);
    expect(invoice.total).toBe(1500);
  });

  // Until 2026-12-07 the indices were packed: 700 and "B" of two charges made one charge "700 B".
  it('pairs each charge’s amount and description by index: a charge missing one is refused, naming it', async () => {
    const chargebee = emulator.chargebee();
    const { customer } = await chargebee.customer.create({});
    const refusal = (charges: { amount?: number; description?: string }[]) =>
      chargebee.invoice.createForChargeItemsAndCharges({ customer_id: customer.id, charges }).then(
        () => undefined,
        (error: { http_status_code?: number; param?: string }) => error,
      );
    expect(await refusal([{ amount: 700 }, { description: 'B' }])).toMatchObject({
      http_status_code: 400,
      param: 'charges[description][0]',
    });
    expect(await refusal([{ amount: 100 }, { amount: 200, description: 'B' }])).toMatchObject({
      param: 'charges[description][0]',
    });
    expect(await refusal([{ description: 'A' }, { amount: 200, description: 'B' }])).toMatchObject({
      param: 'charges[amount][0]',
    });
    const { list } = await chargebee.invoice.list({ customer_id: { is: customer.id } });
    expect(list).toEqual([]);
  });

  it('takes the older invoice create with charges, and a pending invoice on request', async () => {
    const chargebee = emulator.chargebee();
    const { customer } = await chargebee.customer.create({ id: 'cust_old_api' });
    const created = await chargebee.invoice.create({
      customer_id: customer.id,
      charges: [{ amount: 700, description: 'Consulting' }],
    });
    expect(created.invoice).toMatchObject({ status: 'payment_due', total: 700, customer_id: 'cust_old_api' });
    const pending = await chargebee.invoice.createForChargeItemsAndCharges({
      customer_id: customer.id,
      charges: [{ amount: 100, description: 'Later' }],
      create_pending_invoice: true,
    });
    expect(pending.invoice.status).toBe('pending');
  });
});

describe('chargebee dialect: idempotency', () => {
  it('replays a key with the same request (one state change) and refuses it with another (422)', async () => {
    const { chargebee, customer, invoice } = await openInvoice();
    const headers = { 'chargebee-idempotency-key': 'void-once' };
    const first = await chargebee.invoice.voidInvoice(invoice.id, { comment: 'dup' }, headers);
    const changes = (await emulator.snapshot()) as { changes: number };
    const second = await chargebee.invoice.voidInvoice(invoice.id, { comment: 'dup' }, headers);
    expect(first.isIdempotencyReplayed).toBe(false);
    expect(second.isIdempotencyReplayed).toBe('true');
    expect(second.invoice).toEqual(first.invoice);
    expect(((await emulator.snapshot()) as { changes: number }).changes).toBe(changes.changes);
    expect((await chargebee.customer.retrieve(customer.id)).customer.promotional_credits).toBe(500);

    const other = await raw('POST', `/api/v2/invoices/${invoice.id}/void`, 'comment=other', headers);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({
      api_error_code: 'unable_to_process_request',
      type: 'invalid_request',
    });
    await expect(chargebee.invoice.voidInvoice('other', {}, headers)).rejects.toMatchObject({
      api_error_code: 'unable_to_process_request',
      http_status_code: 422,
    });
  });

  it('keeps no result for a request refused by validation, so a corrected retry with the key runs', async () => {
    const { chargebee, invoice } = await openInvoice();
    const headers = { 'chargebee-idempotency-key': 'fix-and-retry' };
    const refused = await raw(
      'POST',
      `/api/v2/invoices/${invoice.id}/void`,
      `comment=${'c'.repeat(301)}`,
      headers,
    );
    expect(refused.status).toBe(400);
    const voided = await chargebee.invoice.voidInvoice(invoice.id, { comment: 'ok' }, headers);
    expect(voided.invoice.status).toBe('voided');
  });
});

describe('chargebee dialect: list pagination', () => {
  it('pages invoices with limit and next_offset, newest first, until no next_offset', async () => {
    const chargebee = emulator.chargebee();
    const { customer } = await chargebee.customer.create({});
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
        customer_id: customer.id,
        charges: [{ amount: 100 + index, description: `charge ${index}` }],
      });
      ids.push(invoice.id);
    }
    const seen: string[] = [];
    let offset: string | undefined;
    let pages = 0;
    do {
      const page = await chargebee.invoice.list({
        limit: 2,
        customer_id: { is: customer.id },
        ...(offset ? { offset } : {}),
      });
      pages += 1;
      expect(page.list.length).toBeLessThanOrEqual(2);
      seen.push(...page.list.map((entry) => entry.invoice.id));
      offset = page.next_offset;
    } while (offset);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    const bad = await raw('GET', '/api/v2/invoices?offset=%5B%22nope%22%5D');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ param: 'offset', api_error_code: 'param_wrong_value' });
  });

  it('lists the credit notes of one invoice and the promotional credits of one customer', async () => {
    const { chargebee, customer, invoice } = await openInvoice();
    const note = await chargebee.creditNote.create({
      reference_invoice_id: invoice.id,
      type: 'adjustment',
      total: 300,
      reason_code: 'order_change',
    });
    expect(note.credit_note).toMatchObject({
      type: 'adjustment',
      status: 'adjusted',
      total: 300,
      reason_code: 'order_change',
    });
    const listed = await chargebee.creditNote.list({ reference_invoice_id: { is: invoice.id } });
    expect(listed.list.map((entry) => entry.credit_note.id)).toEqual([note.credit_note.id]);
    expect(listed.next_offset).toBeUndefined();
    const credits = await chargebee.promotionalCredit.list({ customer_id: { is: customer.id }, limit: 1 });
    expect(credits.list).toHaveLength(1);
    expect(credits.next_offset).toBeDefined();
    const voided = await chargebee.creditNote.voidCreditNote(note.credit_note.id);
    expect(voided.credit_note.status).toBe('voided');
    // Chargebee: voiding an adjustment makes its invoice `not_paid`, owing the amount again.
    expect((await chargebee.invoice.retrieve(invoice.id)).invoice).toMatchObject({
      amount_due: 1500,
      status: 'not_paid',
    });
  });
});

describe('chargebee dialect: payments', () => {
  it('gives each recorded payment its own transaction, listed in linked_payments', async () => {
    const { chargebee, invoice } = await openInvoice();
    const first = await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { amount: 300, payment_method: 'cash' },
    });
    const second = await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { amount: 1200, payment_method: 'check' },
    });
    expect(first.transaction.id).not.toBe(second.transaction.id);
    // A payment dated by the caller (an hour back) is listed at that date.
    const dated = await openInvoice();
    const date = Math.floor(Date.now() / 1000) - 3600;
    const answer = await dated.chargebee.invoice.recordPayment(dated.invoice.id, {
      transaction: { amount: 100, payment_method: 'cash', date },
    });
    expect(answer.transaction.date).toBe(date);
    expect(answer.invoice.linked_payments?.map((payment) => payment.txn_date)).toEqual([date]);
    expect(second.invoice).toMatchObject({ status: 'paid', amount_paid: 1500, amount_due: 0 });
    expect(
      second.invoice.linked_payments?.map((payment) => [payment.txn_id, payment.applied_amount]),
    ).toEqual([
      [first.transaction.id, 300],
      [second.transaction.id, 1200],
    ]);
  });
});

describe('chargebee dialect: what each line shows', () => {
  // Until 2026-12-07 the last line took the whole rounding remainder: a line of 1 showed 3 off.
  it('never gives a line more promotional credits than its amount; the shares add up to what was applied', async () => {
    const chargebee = emulator.chargebee();
    const { customer } = await chargebee.customer.create({});
    await chargebee.promotionalCredit.add({ customer_id: customer.id, amount: 9, description: 'seed' });
    const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
      customer_id: customer.id,
      charges: [3, 3, 3, 1].map((amount, index) => ({ amount, description: `line ${index}` })),
    });
    const lines = invoice.line_items ?? [];
    for (const line of lines) expect(line.discount_amount).toBeLessThanOrEqual(line.amount ?? 0);
    expect(lines.reduce((sum, line) => sum + (line.discount_amount ?? 0), 0)).toBe(9);
    expect(invoice.line_item_discounts?.reduce((sum, discount) => sum + discount.discount_amount, 0)).toBe(9);
    expect(invoice.total).toBe(1);
  });

  // Chargebee: `comment` is internal, "not displayed on any customer-facing Hosted Page or any
  // document such as the Credit Note PDF"; until 2026-12-07 it was the note's line description.
  it('keeps a credit note’s comment out of its line description', async () => {
    const { chargebee, invoice } = await openInvoice(undefined, 0);
    const { credit_note: note } = await chargebee.creditNote.create({
      reference_invoice_id: invoice.id,
      type: 'adjustment',
      total: 300,
      comment: 'internal: agent Bob approved',
    });
    expect(JSON.stringify(note.line_items)).not.toContain('agent Bob');
  });
});

describe('chargebee dialect: a payment over what is due', () => {
  // Until 2026-12-07 it was refused (400 transaction[amount]), so excess payments could not be made.
  it('pays the invoice and adds the rest to the customer’s excess payments', async () => {
    const { chargebee, customer, invoice } = await openInvoice(undefined, 0);
    const { invoice: paid, transaction } = await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { amount: 2_500, payment_method: 'cash' },
    });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2_000, amount_due: 0 });
    // The transaction is the whole 2 500; 2 000 of it applied (until 2026-12-07 txn_amount said 2 000).
    expect(paid.linked_payments?.map((payment) => [payment.applied_amount, payment.txn_amount])).toEqual([
      [2_000, 2_500],
    ]);
    expect(transaction).toMatchObject({ amount: 2_500, amount_unused: 500 });
    expect((await chargebee.customer.retrieve(customer.id)).customer.excess_payments).toBe(500);
    const billing = createBillingClient({ provider: createChargebeeProvider({ client: chargebee }) });
    expect((await billing.getCustomerBalance(customer.id)).breakdown).toMatchObject({ excessPayments: 500 });
  });
});

describe('chargebee dialect: an excess payment recorded for a customer', () => {
  const now = () => Math.floor(Date.now() / 1000);
  // Until 2026-12-07 the endpoint was not covered (404), so the customer-balance cassette could not
  // be recorded from the emulator.
  it('adds it to the customer’s excess payments, which the next invoice applies after promotional credits', async () => {
    const chargebee = emulator.chargebee();
    const { customer } = await chargebee.customer.create({ first_name: 'Ada' });
    await chargebee.promotionalCredit.add({ customer_id: customer.id, amount: 300, description: 'seed' });
    const answer = await chargebee.customer.recordExcessPayment(customer.id, {
      comment: 'wire received before the invoice',
      transaction: {
        amount: 1_200,
        currency_code: 'USD',
        date: now(),
        payment_method: 'bank_transfer',
        reference_number: 'WIRE-7',
      },
    });
    expect(answer.customer).toMatchObject({
      id: customer.id,
      excess_payments: 1_200,
      promotional_credits: 300,
    });
    expect(answer.transaction).toMatchObject({
      customer_id: customer.id,
      type: 'payment',
      amount: 1_200,
      amount_unused: 1_200,
      payment_method: 'bank_transfer',
      reference_number: 'WIRE-7',
      status: 'success',
      currency_code: 'USD',
    });
    const billing = createBillingClient({ provider: createChargebeeProvider({ client: chargebee }) });
    expect((await billing.getCustomerBalance(customer.id)).breakdown).toMatchObject({
      promotional: 300,
      excessPayments: 1_200,
    });
    // 2 000 due: 300 of promotional credits first, then 1 200 of the excess payment.
    const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
      customer_id: customer.id,
      charges: [{ amount: 2000, description: 'Setup' }],
    });
    expect(invoice.amount_due).toBe(500);
    const after = (await chargebee.customer.retrieve(customer.id)).customer;
    expect([after.promotional_credits, after.excess_payments]).toEqual([0, 0]);
  });

  it('refuses what it cannot book, before anything changes', async () => {
    const chargebee = emulator.chargebee();
    const { customer } = await chargebee.customer.create({ first_name: 'Ada' });
    const record = (transaction: Record<string, unknown>, id = customer.id) =>
      raw(
        'POST',
        `/api/v2/customers/${id}/record_excess_payment`,
        new URLSearchParams(
          Object.entries(transaction).map(([key, value]): [string, string] => [
            `transaction[${key}]`,
            String(value),
          ]),
        ).toString(),
      );
    const valid = { amount: 100, date: now(), payment_method: 'cash' };
    const refusals = [
      [{ ...valid, amount: 0 }, 400, 'param_wrong_value', 'transaction[amount]'],
      [{ amount: 100, payment_method: 'cash' }, 400, 'param_wrong_value', 'transaction[date]'],
      [{ ...valid, currency_code: 'EUR' }, 400, 'emulator_unsupported', 'transaction[currency_code]'],
      [{ ...valid, date: now() - 3 * 86_400 }, 400, 'emulator_unsupported', 'transaction[date]'],
      [{ ...valid, payment_method: 'custom' }, 400, 'emulator_unsupported', 'transaction[payment_method]'],
    ] as const;
    for (const [transaction, status, code, param] of refusals) {
      const answer = await record(transaction);
      expect(
        [answer.status, answer.body.api_error_code, answer.body.param],
        JSON.stringify(transaction),
      ).toEqual([status, code, param]);
    }
    expect((await record(valid, 'nobody')).status).toBe(404);
    expect((await chargebee.customer.retrieve(customer.id)).customer.excess_payments).toBe(0);
  });
});

describe('chargebee dialect: refundable credit notes', () => {
  it('gives refundable credits on a partly paid invoice, up to what was paid, and lists the note', async () => {
    // 500 of promotional credits applied: 1 500 due, then 600 of it paid.
    const { chargebee, customer, invoice } = await openInvoice();
    await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { amount: 600, payment_method: 'cash' },
    });
    await expect(
      chargebee.creditNote.create({ reference_invoice_id: invoice.id, type: 'refundable', total: 601 }),
    ).rejects.toMatchObject({ http_status_code: 400 });
    const { credit_note: note } = await chargebee.creditNote.create({
      reference_invoice_id: invoice.id,
      type: 'refundable',
      total: 400,
    });
    expect(note).toMatchObject({
      type: 'refundable',
      status: 'refund_due',
      total: 400,
      amount_available: 400,
    });
    const { invoice: after } = await chargebee.invoice.retrieve(invoice.id);
    // What is due stays: the note credits what was paid, not what is owed.
    expect(after).toMatchObject({ status: 'payment_due', amount_due: 900, amount_paid: 600 });
    expect(after.issued_credit_notes?.map((entry) => [entry.cn_id, entry.cn_status])).toEqual([
      [note.id, 'refund_due'],
    ]);
    expect((await chargebee.customer.retrieve(customer.id)).customer.refundable_credits).toBe(400);
    // Only 200 of what was paid is left to credit.
    await expect(
      chargebee.creditNote.create({ reference_invoice_id: invoice.id, type: 'refundable', total: 201 }),
    ).rejects.toMatchObject({ http_status_code: 400 });
    await expect(
      chargebee.creditNote.create({ reference_invoice_id: invoice.id, type: 'refundable', total: 200 }),
    ).resolves.toMatchObject({ credit_note: { total: 200 } });
  });

  // Until 2026-12-07 the refusal was a plain invalid_request without `param`, kept under the key:
  // the same key after a payment made room was answered the stale refusal.
  it('refuses a refundable note over what was paid as a refusal of total, not kept under the key', async () => {
    const { chargebee, invoice } = await openInvoice(undefined, 0);
    await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { amount: 400, payment_method: 'cash' },
    });
    const headers = { 'chargebee-idempotency-key': 'refundable-over-1' };
    const over = { reference_invoice_id: invoice.id, type: 'refundable' as const, total: 600 };
    await expect(chargebee.creditNote.create(over, headers)).rejects.toMatchObject({
      http_status_code: 400,
      api_error_code: 'param_wrong_value',
      param: 'total',
    });
    await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { amount: 1600, payment_method: 'cash' },
    });
    const { credit_note: note } = await chargebee.creditNote.create(over, headers);
    expect(note).toMatchObject({ type: 'refundable', total: 600 });
  });

  it('refuses a refundable note on an invoice nothing was paid on', async () => {
    const { chargebee, invoice } = await openInvoice(undefined, 0);
    await expect(
      chargebee.creditNote.create({ reference_invoice_id: invoice.id, type: 'refundable', total: 100 }),
    ).rejects.toMatchObject({ http_status_code: 400 });
    expect((await chargebee.creditNote.list({ reference_invoice_id: { is: invoice.id } })).list).toEqual([]);
  });
});

describe('chargebee dialect: sites by API key', () => {
  it('keeps one state per site: a bound key, a control-API binding and the site header each select theirs', async () => {
    const onDefault = await openInvoice();
    const siteB = emulator.chargebee('test_siteBKey');
    await expect(siteB.invoice.retrieve(onDefault.invoice.id)).rejects.toMatchObject({
      api_error_code: 'resource_not_found',
    });
    expect(
      (
        await emulator.control('POST', '/_emulator/chargebee/keys', {
          apiKey: 'test_siteCKey',
          site: 'site-c',
        })
      ).status,
    ).toBe(200);
    const onC = await openInvoice('test_siteCKey', 0);
    expect((await emulator.snapshot('site-c')) as { invoices: unknown[] }).toMatchObject({
      invoices: [{ id: onC.invoice.id }],
    });
    const header = await raw('GET', `/api/v2/invoices/${onC.invoice.id}`, '', {
      'billbridge-chargebee-site': 'site-c',
    });
    expect(header.status).toBe(200);
    const wrongSite = await raw('GET', `/api/v2/invoices/${onC.invoice.id}`, '', {
      authorization: basicAuth('test_siteCKey'),
      'billbridge-chargebee-site': 'site-b',
    });
    expect(wrongSite.status).toBe(401);
    expect(wrongSite.body).toMatchObject({ api_error_code: 'api_authentication_failed' });
    expect(
      (await emulator.control('POST', '/_emulator/chargebee/keys', { apiKey: 'live_x', site: 'a' })).status,
    ).toBe(400);
  });

  it('reads "Void invoices with credit note" per site, set through the control API', async () => {
    expect(
      (await emulator.control('POST', '/_emulator/chargebee/sites/site-d', { voidCreatesCreditNote: true }))
        .status,
    ).toBe(200);
    await emulator.control('POST', '/_emulator/chargebee/keys', { apiKey: 'test_siteDKey', site: 'site-d' });
    const onD = await openInvoice('test_siteDKey');
    const voided = await onD.chargebee.invoice.voidInvoice(onD.invoice.id);
    expect(voided.credit_note?.create_reason_code).toBe('Invoice Void');
    const onDefault = await openInvoice();
    expect((await onDefault.chargebee.invoice.voidInvoice(onDefault.invoice.id)).credit_note).toBeUndefined();
  });
});

describe('chargebee dialect: errors as Chargebee answers them', () => {
  it('refuses voids by state (409 invalid_state_for_request) and a payment on a voided invoice', async () => {
    const { chargebee, invoice } = await openInvoice();
    const paid = await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { amount: 1500, payment_method: 'cash' },
    });
    expect(paid.invoice).toMatchObject({
      status: 'paid',
      amount_paid: 1500,
      linked_payments: [{ txn_status: 'success' }],
    });
    await expect(chargebee.invoice.voidInvoice(invoice.id)).rejects.toMatchObject({
      http_status_code: 409,
      api_error_code: 'invalid_state_for_request',
      message: 'The invoice is in paid state and cannot be voided.',
    });
    const partly = await openInvoice();
    await partly.chargebee.invoice.recordPayment(partly.invoice.id, {
      transaction: { amount: 100, payment_method: 'check' },
    });
    await expect(partly.chargebee.invoice.voidInvoice(partly.invoice.id)).rejects.toMatchObject({
      api_error_code: 'invalid_state_for_request',
    });
    const again = await openInvoice();
    await again.chargebee.invoice.voidInvoice(again.invoice.id);
    await expect(again.chargebee.invoice.voidInvoice(again.invoice.id)).rejects.toMatchObject({
      message: 'The invoice is already voided.',
    });
    await expect(
      again.chargebee.invoice.recordPayment(again.invoice.id, { transaction: { payment_method: 'cash' } }),
    ).rejects.toMatchObject({ http_status_code: 409 });
  });

  it('answers unknown, ill-typed, missing and unmodelled parameters with 400 naming them', async () => {
    const { invoice, customer } = await openInvoice();
    const cases: [string, string, string, string][] = [
      [
        'POST',
        `/api/v2/invoices/${invoice.id}/void`,
        'consume_applied_balance=true',
        'consume_applied_balance',
      ],
      [
        'POST',
        `/api/v2/invoices/${invoice.id}/void`,
        `void_reason_code=${'r'.repeat(101)}`,
        'void_reason_code',
      ],
      [
        'POST',
        '/api/v2/promotional_credits/add',
        `customer_id=${customer.id}&amount=1.5&description=x`,
        'amount',
      ],
      ['POST', '/api/v2/promotional_credits/add', `customer_id=${customer.id}&amount=10`, 'description'],
      [
        'POST',
        '/api/v2/invoices/create_for_charge_items_and_charges',
        `customer_id=${customer.id}&charges[amount][0]=abc&charges[description][0]=x`,
        'charges[amount][0]',
      ],
      [
        'POST',
        '/api/v2/invoices/create_for_charge_items_and_charges',
        `customer_id=${customer.id}&charges[amount][0]=10`,
        'charges[description][0]',
      ],
      [
        'POST',
        '/api/v2/invoices/create_for_charge_items_and_charges',
        `customer_id=${customer.id}&create_pending_invoice=yes`,
        'create_pending_invoice',
      ],
      ['GET', '/api/v2/invoices?limit=101', '', 'limit'],
      ['GET', '/api/v2/invoices?colour=blue', '', 'colour'],
    ];
    for (const [method, path, body, param] of cases) {
      const answer = await raw(method, path, body);
      expect(answer.status, `${path} ${body}`).toBe(400);
      expect(answer.body, `${path} ${body}`).toMatchObject({ api_error_code: 'param_wrong_value', param });
    }
    const unsupported: [string, string, string][] = [
      [
        '/api/v2/invoices/create_for_charge_items_and_charges',
        `customer_id=${customer.id}&item_prices[item_price_id][0]=pro&charges[amount][0]=10&charges[description][0]=x`,
        'item_prices[item_price_id]',
      ],
      [
        '/api/v2/invoices/create_for_charge_items_and_charges',
        `customer_id=${customer.id}&charges[amount][0]=10&charges[description][0]=x&charges[taxable][0]=false`,
        'charges[taxable]',
      ],
      [
        // The emulator never charges a payment source: auto collection on is not modelled (off is).
        '/api/v2/invoices/create_for_charge_items_and_charges',
        `customer_id=${customer.id}&charges[amount][0]=10&charges[description][0]=x&auto_collection=on`,
        'auto_collection',
      ],
      ['/api/v2/credit_notes', `reference_invoice_id=${invoice.id}&type=store&total=10`, 'type'],
    ];
    for (const [path, body, param] of unsupported) {
      const answer = await raw('POST', path, body);
      expect(answer.status, body).toBe(400);
      expect(answer.body, body).toMatchObject({
        api_error_code: 'emulator_unsupported',
        type: 'invalid_request',
        param,
      });
      expect(String(answer.body.message)).toContain(param);
    }
    // Taken as given, and shown: a customer's auto collection, an invoice's auto collection off.
    const off = await raw('POST', '/api/v2/customers', 'first_name=Off&auto_collection=off');
    expect(off.status).toBe(200);
    expect((off.body.customer as Record<string, unknown>).auto_collection).toBe('off');
    const offInvoice = await raw(
      'POST',
      '/api/v2/invoices/create_for_charge_items_and_charges',
      `customer_id=${customer.id}&charges[amount][0]=10&charges[description][0]=x&auto_collection=off`,
    );
    expect(offInvoice.status).toBe(200);
  });

  it('answers auth, paths, methods and content types as Chargebee', async () => {
    const live = await raw('GET', '/api/v2/invoices', '', { authorization: basicAuth('live_abc') });
    expect(live).toMatchObject({ status: 401, body: { api_error_code: 'api_authentication_failed' } });
    expect(JSON.stringify(live.body)).not.toContain('live_abc');
    expect((await raw('GET', '/api/v2/invoices', '', { authorization: 'Bearer x' })).status).toBe(401);
    expect((await raw('GET', '/api/v2/invoices/nope')).body).toMatchObject({
      api_error_code: 'resource_not_found',
    });
    expect((await raw('GET', '/api/v2/invoices/a%2Fb')).status).toBe(404);
    expect((await raw('GET', '/api/v2/subscriptions')).status).toBe(404);
    const traversal = await openInvoice();
    // Sent as written (fetch would resolve the dot segments before sending).
    expect(await rawPathStatus('POST', `/api/v2/invoices/nope/../${traversal.invoice.id}/void`)).toBe(404);
    expect(await rawPathStatus('GET', `/api/v2/invoices/%2e%2e/${traversal.invoice.id}`)).toBe(404);
    expect((await traversal.chargebee.invoice.retrieve(traversal.invoice.id)).invoice.status).toBe(
      'payment_due',
    );
    expect((await raw('DELETE', '/api/v2/customers')).body).toMatchObject({
      api_error_code: 'http_method_not_supported',
    });
    const json = await raw('POST', '/api/v2/customers', '{"first_name":"x"}', {
      'content-type': 'application/json',
    });
    expect(json).toMatchObject({ status: 400, body: { api_error_code: 'invalid_request' } });
  });

  it('keeps a __proto__ key of a parameter as a key, answered as any other unmodelled one', async () => {
    // `sort_by[__proto__]` once set the validated object's prototype: the key vanished and the list answered 200.
    for (const key of ['__proto__', 'constructor', 'bogus']) {
      const answer = await raw('GET', `/api/v2/invoices?sort_by[${key}]=date`);
      expect([key, answer.status, answer.body.api_error_code, answer.body.param]).toEqual([
        key,
        400,
        'emulator_unsupported',
        `sort_by[${key}]`,
      ]);
    }
  });
});

describe('chargebee dialect: the answers are judged by the Chargebee schemas', () => {
  it('a void answer passes, and the same answer altered (a field Chargebee has not) fails', async () => {
    const { invoice } = await openInvoice();
    const answer = await raw('POST', `/api/v2/invoices/${invoice.id}/void`);
    const good = {
      method: 'POST',
      url: `/api/v2/invoices/${invoice.id}/void`,
      status: 200,
      body: answer.body,
    };
    expect(chargebeeAnswerIssues(good)).toEqual([]);
    const altered = structuredClone(answer.body) as { invoice: Record<string, unknown> };
    altered.invoice.paid = true;
    expect(chargebeeAnswerIssues({ ...good, body: altered }).map((issue) => issue.path)).toEqual([
      `POST /api/v2/invoices/${invoice.id}/void 200.invoice.paid`,
    ]);
    const wrongType = structuredClone(answer.body) as { invoice: Record<string, unknown> };
    wrongType.invoice.status = 'void';
    expect(chargebeeAnswerIssues({ ...good, body: wrongType })).not.toEqual([]);
  });
});
