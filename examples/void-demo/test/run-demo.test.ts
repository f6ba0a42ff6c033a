import { describe, expect, it } from 'vitest';
import { formatMoney } from '../src/format-money.js';
import { runDemo } from '../src/run-demo.js';

describe('the void demo', () => {
  it('shows balances returned, the consume case, credit notes and a refused void', async () => {
    const lines = await runDemo();
    const text = lines.join('\n');
    const sections = text.split('\n\n').filter((part) => part.startsWith('Memory provider'));
    expect(sections).toHaveLength(3);
    const [stripe, stripeOld, chargebee] = sections as [string, string, string];

    expect(stripe).toMatch(/finalized +total 20\.00 USD, credit applied 5\.00 USD, due 15\.00 USD/);
    expect(stripe).toMatch(/voidInvoice +void, balance returned 5\.00 USD$/m);
    expect(stripe).toMatch(/customer credit after the void +5\.00 USD/);
    expect(stripe).toMatch(/voidInvoice on paid in_\w+ +refused, blockers: paid/);
    expect(stripe).toMatch(/reverseInvoice on the paid invoice +credit note cn_\w+ \(credit, 12\.00 USD\)/);

    expect(stripeOld).toMatch(/appliedBalance 'consume' +void, balance returned —/);
    expect(stripeOld).toMatch(/customer credit after the void +0\.00 USD/);

    expect(chargebee).toMatch(/balance returned 5\.00 USD, credit note CN-\d+ \(adjustment, 15\.00 USD\)/);
    expect(chargebee).toMatch(/customer credit after the void +5\.00 USD/);

    // Aligned: in every row the value starts at column 44, after a label and at least one space.
    const rows = lines.filter((line) => line.startsWith('  '));
    expect(rows.length).toBe(21);
    for (const line of rows) {
      expect(line[43], line).toBe(' ');
      expect(line[44], line).not.toBe(' ');
    }
  });

  it('formats minor units without floats', () => {
    expect(formatMoney({ amount: 1500, currency: 'usd' })).toBe('15.00 USD');
    expect(formatMoney({ amount: 5, currency: 'eur' })).toBe('0.05 EUR');
    expect(formatMoney({ amount: -1999, currency: 'usd' })).toBe('-19.99 USD');
    expect(formatMoney(null)).toBe('—');
  });
});
