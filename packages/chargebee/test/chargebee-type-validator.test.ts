import { beforeAll, describe, expect, it } from 'vitest';
import { invoice } from './support/chargebee-fixtures.js';
import {
  type ChargebeeTypeValidator,
  createChargebeeTypeValidator,
} from './support/chargebee-type-validator.js';

let validator: ChargebeeTypeValidator;
beforeAll(() => {
  validator = createChargebeeTypeValidator(['Invoice.RetrieveResponse']);
}, 30_000);

describe('the cassette validator (chargebee package types)', () => {
  const good = invoice({ id: '1', customerId: 'c', status: 'payment_due' });

  it('accepts an invoice built from the documented attributes', () => {
    expect(validator.check('Invoice.RetrieveResponse', { invoice: good })).toEqual([]);
  });

  it('refuses an unknown status, a missing required attribute, a wrong type and an undeclared attribute', () => {
    const { currency_code: _dropped, ...missing } = good;
    const problems = validator.check('Invoice.RetrieveResponse', {
      invoice: { ...missing, status: 'open', total: '1500', surprise: true },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('invoice.status: "open" is not one of'),
        expect.stringContaining('invoice.currency_code: required'),
        expect.stringContaining('invoice.total: expected number'),
        expect.stringContaining('invoice.surprise: not an attribute'),
      ]),
    );
  });

  it('checks linked_taxes_withheld (documented, missing from the SDK type) by its documented attributes', () => {
    const problems = validator.check('Invoice.RetrieveResponse', {
      invoice: { ...good, linked_taxes_withheld: [{ id: 'tw_1', amount: '150', colour: 'red' }] },
    });
    expect(problems).toEqual([
      'Invoice.RetrieveResponse.invoice.linked_taxes_withheld[0].amount: expected number',
      'Invoice.RetrieveResponse.invoice.linked_taxes_withheld[0].colour: not a documented attribute',
    ]);
  });
});
