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

  it('names the line a CSV cell or record starts on, counting a CRLF as one line break', () => {
    // A bad id on line 2, in a record that goes on to line 4.
    expect(refusal('invoice,a\nin/1,"x\ny\nz"\n').issues[0]?.path).toBe('line 2');
    // The bad id is in a cell that starts on line 3, of a record that starts on line 2.
    expect(refusal('a,invoice\n"x\ny",in/1\n').issues[0]?.path).toBe('line 3');
    // An unclosed quote opened on line 3 (csv-parse says line 4).
    const unclosed = refusal('invoice,a\nin_1,1\nin_2,"x\nin_3,3\n');
    expect(unclosed.issues).toEqual([
      { path: 'line 3', message: 'Quote Not Closed: the parsing is finished with an opening quote' },
    ]);
    // Excel: CRLF line ends, a notes cell over three physical lines, the bad id on line 6.
    const excel = 'invoice,notes\r\nin_1,"call back\r\nafter the\r\nincident"\r\nin_2,ok\r\nin_3/../x,ok\r\n';
    expect(refusal(excel, { source: 'x.csv' }).issues[0]?.path).toBe('line 6');
    expect(refusal('invoice,a\r\nin_1,"p\r\nq"\r\nin_2\r\n').issues[0]).toEqual({
      path: 'line 4',
      message: 'Invalid Record Length: expect 2, got 1',
    });
    // Repeats are named by their own lines too, after a multi-line cell and multi-byte characters.
    expect(parseInvoiceList('invoice,a\r\nin_1,"ü\r\nß"\r\nin_1,2\r\n').duplicates).toEqual([
      { invoiceId: 'in_1', line: 4, firstLine: 2 },
    ]);
  });

  it('trims spaces around an id in a quoted CSV cell as in an unquoted one', () => {
    expect(parseInvoiceList('invoice,a\n" in_1 ",1\n in_2 ,2\n').invoiceIds).toEqual(['in_1', 'in_2']);
    expect(refusal('invoice\n" in 1 "\n').issues[0]?.message).toContain('"in 1" is not an invoice id');
  });
});

// Found by a review of the CLI on 2026-12-07: the header of a one-column export was sent as an id.
describe('a one-column list that keeps its header', () => {
  it.each(['invoice_id', 'id', 'number', 'Invoice_Number', 'invoices', '"invoice_id"'])(
    'whose first line is %s is refused on line 1, unless --format lines says it is an id',
    (header) => {
      expect(() => parseInvoiceList(`${header}\nin_1\nin_2\n`, { source: 'incident.txt' })).toThrow(
        /line 1 .* looks like a column header, not an invoice id/,
      );
      if (!header.startsWith('"')) {
        expect(parseInvoiceList(`${header}\nin_1\n`, { format: 'lines' }).invoiceIds).toEqual([
          header,
          'in_1',
        ]);
      }
    },
  );

  it('an id that only starts like a header word is an id', () => {
    expect(parseInvoiceList('in_invoice_1\nidx_2\n').invoiceIds).toEqual(['in_invoice_1', 'idx_2']);
  });
});
