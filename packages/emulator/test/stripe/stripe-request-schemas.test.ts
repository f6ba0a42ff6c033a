import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateStripeParams } from '../../src/stripe/validate-stripe-params.js';

const root = resolve(import.meta.dirname, '../../../..');

describe('the Stripe request schemas the emulator validates against', () => {
  it('are what the extraction script makes from test/spec-data now', () => {
    expect(() =>
      execFileSync(
        process.execPath,
        ['packages/emulator/scripts/extract-stripe-request-schemas.mjs', '--check'],
        {
          cwd: root,
          stdio: 'pipe',
        },
      ),
    ).not.toThrow();
  });

  it('judge each version by its own schema', () => {
    const settings = { invoice_customer_balance_settings: { consume_applied_balance_on_void: 'true' } };
    expect(validateStripeParams('2019-11-05', 'POST /v1/subscriptions/*', settings, {})).toBeUndefined();
    expect(
      validateStripeParams('2026-10-28.endive', 'POST /v1/subscriptions/*', settings, {})?.body,
    ).toMatchObject({
      error: { code: 'parameter_unknown', param: 'invoice_customer_balance_settings' },
    });
    const lines = {
      invoice: 'in_1',
      lines: [{ type: 'custom_line_item', unit_amount: '100', quantity: '1' }],
    };
    expect(validateStripeParams('2026-10-28.endive', 'POST /v1/credit_notes', lines, {})).toBeUndefined();
    expect(validateStripeParams('2019-11-05', 'POST /v1/credit_notes', lines, {})?.body).toMatchObject({
      error: { code: 'parameter_unknown', param: 'lines' },
    });
    expect(
      validateStripeParams(
        '2026-10-28.endive',
        'POST /v1/credit_notes',
        { invoice: 'in_1', reason: 'whim' },
        {},
      )?.body,
    ).toMatchObject({ error: { param: 'reason', type: 'invalid_request_error' } });
    expect(validateStripeParams('2026-10-28.endive', 'POST /v1/credit_notes', {}, {})?.body).toMatchObject({
      error: { code: 'parameter_missing', param: 'invoice' },
    });
  });

  it("take any value of an enum Stripe marks x-stripeBypassValidation, and only such an enum's", () => {
    const anchor = (value: string) =>
      validateStripeParams('2019-11-05', 'POST /v1/subscriptions/*', { billing_cycle_anchor: value }, {});
    expect(anchor('now')).toBeUndefined();
    // Listed as now | unchanged, marked: Stripe's own validation decides, not the spec's list.
    expect(anchor('2019-12-01')).toBeUndefined();
    expect(
      validateStripeParams('2019-11-05', 'POST /v1/credit_notes', { invoice: 'in_1', reason: 'whim' }, {})
        ?.body,
    ).toMatchObject({ error: { param: 'reason', type: 'invalid_request_error' } });
  });

  // Until 2026-12-03 the spec extraction dropped every field named `description` with the prose, so
  // the 2019-11-05 emulator refused a description Stripe takes (scripts/extract-stripe-spec.mjs).
  it('take a parameter named like a prose keyword (`description`) in every version', () => {
    for (const version of ['2019-11-05', '2026-10-28.endive']) {
      for (const [operation, params] of [
        ['POST /v1/invoices', { customer: 'cus_1', description: 'March' }],
        ['POST /v1/invoiceitems', { customer: 'cus_1', amount: '100', currency: 'usd', description: 'Seat' }],
        ['POST /v1/customers', { description: 'Acme' }],
      ] as const) {
        expect(
          validateStripeParams(version, operation, params, {}),
          `${version} ${operation}`,
        ).toBeUndefined();
      }
    }
  });
});
