import { ValidationError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_LINE_LENGTH, parseInvoiceList } from '../src/parse-invoice-list.js';

function refusal(text: string, options: Parameters<typeof parseInvoiceList>[1] = {}): ValidationError {
  try {
    parseInvoiceList(text, options);
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('parseInvoiceList accepted the input');
}

describe('parseInvoiceList', () => {
  it('reads one id a line, trims spaces and \\r, keeps order, drops repeats', () => {
    const list = parseInvoiceList('in_1\r\n  in_2 \nin_3\nin_1\n');
    expect(list).toEqual({
      invoiceIds: ['in_1', 'in_2', 'in_3'],
      format: 'lines',
      duplicates: [{ invoiceId: 'in_1', line: 4, firstLine: 1 }],
    });
  });

  it('reads a CSV by its invoice column, wherever it is, with quoted fields', () => {
    const text = 'customer,Invoice,amount\ncus_1,in_1,"1,000"\ncus_2, in_2 ,5\n';
    expect(parseInvoiceList(text).invoiceIds).toEqual(['in_1', 'in_2']);
    expect(parseInvoiceList('invoice\nin_9\n').format).toBe('csv');
    expect(parseInvoiceList('in_9\n', { source: 'ids.csv', format: 'lines' }).format).toBe('lines');
  });

  it('names the line of an id with a slash, and of every other bad line', () => {
    const error = refusal('in_1\nin_2/../../customers\nin_3\nin 4\n', { source: 'ids.txt' });
    expect(error.issues.map((issue) => issue.path)).toEqual(['line 2', 'line 4']);
    expect(error.message).toContain('input ids.txt');
    expect(error.issues[0]?.message).toContain('may only contain');
  });

  it('names an empty line (but not the newline that ends the file)', () => {
    const error = refusal('in_1\n\nin_3\n');
    expect(error.issues).toEqual([{ path: 'line 2', message: 'is empty (no invoice id)' }]);
  });

  it('refuses a 10 MB line by its number and length, before parsing anything', () => {
    const error = refusal(`in_1\n${'x'.repeat(10 * 1024 * 1024)}\nin_3\n`);
    expect(error.issues).toEqual([
      { path: 'line 2', message: `is 10485760 characters long (at most ${MAX_INPUT_LINE_LENGTH})` },
    ]);
  });

  it('refuses a CSV without an invoice column, naming the columns it has', () => {
    const error = refusal('id,amount\nin_1,5\n', { source: 'x.csv' });
    expect(error.issues).toEqual([
      { path: 'line 1', message: 'the CSV header has no "invoice" column (it has: "id", "amount")' },
    ]);
  });

  it('names the line of a CSV row with an empty invoice cell or a broken quote', () => {
    expect(refusal('invoice,n\nin_1,1\n,2\n').issues[0]?.path).toBe('line 3');
    expect(refusal('invoice,n\nin_1,1\n"in_2,2\n').issues[0]?.path).toBe('line 3');
  });

  it('refuses an input with no ids, and names at most ten bad lines', () => {
    expect(refusal('').issues[0]).toEqual({ path: 'input', message: 'has no invoice ids' });
    const many = Array.from({ length: 15 }, () => 'a/b').join('\n');
    const error = refusal(many);
    expect(error.issues).toHaveLength(11);
    expect(error.issues[10]).toEqual({ path: 'input', message: 'and 5 more bad lines' });
  });
});
