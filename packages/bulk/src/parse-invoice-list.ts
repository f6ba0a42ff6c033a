import { isProviderId, providerIdSchema, ValidationError, type ValidationIssue } from '@billbridge/core';
import { CsvError, parse as parseCsv } from 'csv-parse/sync';

/** Longest input line read (an id is at most 255 characters; a CSV row may carry other columns). */
export const MAX_INPUT_LINE_LENGTH = 16_384;

/** At most this many bad lines are named in one error; the rest are counted. */
const MAX_NAMED_ISSUES = 10;

/** `lines`: one invoice id a line. `csv`: a CSV file with a header row that has an `invoice` column. */
export type InvoiceListFormat = 'lines' | 'csv';

/** An id that appeared more than once: it is worked on once, at its first line. */
export interface DuplicateInvoiceId {
  invoiceId: string;
  line: number;
  firstLine: number;
}

/** The invoice ids of a bulk input, in input order, each once. */
export interface InvoiceList {
  invoiceIds: string[];
  format: InvoiceListFormat;
  duplicates: DuplicateInvoiceId[];
}

/** Options of `parseInvoiceList`. */
export interface ParseInvoiceListOptions {
  /** `auto` (default): CSV when `source` ends in `.csv` or the first line has a comma or is `invoice`. */
  format?: InvoiceListFormat | 'auto';
  /** A file name or `-`, for the error message and format detection. */
  source?: string;
}

/**
 * Parses a bulk input: a file of invoice ids, one a line, or a CSV with an `invoice` column.
 * Every line is checked before anything is returned: an empty line, a line past
 * `MAX_INPUT_LINE_LENGTH`, an id the providers would refuse (`/`, whitespace inside, `..`, …) or a
 * CSV without an `invoice` column is a `ValidationError` whose issues are `line N`. Surrounding
 * spaces and a trailing `\r` are trimmed; repeated ids are kept once and reported in `duplicates`.
 */
export function parseInvoiceList(text: string, options: ParseInvoiceListOptions = {}): InvoiceList {
  return readInvoiceRows(text, options).list;
}

/** One id cell of a bulk input: its line, the id trimmed, and a CSV's `account` cell trimmed. */
export interface InvoiceRow {
  line: number;
  value: string;
  account?: string;
}

/**
 * `parseInvoiceList` and the rows it read, so the pg-boss engine pairs each id with its `account`
 * cell from the same parse (a second parse kept spaces inside quotes: `" INV-1"` was `INV-1` to
 * one and not to the other, so its account was lost and the key's own site got the void).
 */
export function readInvoiceRows(
  text: string,
  options: ParseInvoiceListOptions = {},
): { list: InvoiceList; rows: InvoiceRow[]; accountColumn: boolean } {
  const context = `input ${options.source ?? ''}`.trim();
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  const lines = body.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const tooLong: ValidationIssue[] = [];
  lines.forEach((line, index) => {
    if (line.length > MAX_INPUT_LINE_LENGTH) {
      tooLong.push({
        path: `line ${index + 1}`,
        message: `is ${line.length} characters long (at most ${MAX_INPUT_LINE_LENGTH})`,
      });
    }
  });
  if (tooLong.length > 0) throw inputError(tooLong, context);
  const format = options.format && options.format !== 'auto' ? options.format : detectFormat(lines, options);
  // A one-column export keeps its header (`invoice_id`, `id`, `number`): sent as an id, it was one
  // wasted request and a not-found failure (until 2026-12-07). `--format lines` takes it as an id.
  const header = lines[0]?.replace(/\r$/, '').trim().replace(/^"|"$/g, '') ?? '';
  if (format === 'lines' && options.format !== 'lines' && HEADER_WORD.test(header)) {
    throw inputError(
      [
        {
          path: 'line 1',
          message: `${JSON.stringify(header)} looks like a column header, not an invoice id: name the column "invoice" (a CSV), remove the line, or give --format lines to void it as an id`,
        },
      ],
      context,
    );
  }
  const { rows, accountColumn } =
    format === 'csv' ? csvRows(body, context) : { rows: lineRows(lines), accountColumn: false };
  const issues: ValidationIssue[] = [];
  const firstLine = new Map<string, number>();
  const invoiceIds: string[] = [];
  const duplicates: DuplicateInvoiceId[] = [];
  for (const { line, value } of rows) {
    const problem = idProblem(value);
    if (problem) {
      issues.push({ path: `line ${line}`, message: problem });
      continue;
    }
    const first = firstLine.get(value);
    if (first !== undefined) {
      duplicates.push({ invoiceId: value, line, firstLine: first });
      continue;
    }
    firstLine.set(value, line);
    invoiceIds.push(value);
  }
  if (issues.length > 0) throw inputError(issues, context);
  if (invoiceIds.length === 0) {
    throw inputError([{ path: 'input', message: 'has no invoice ids' }], context);
  }
  return { list: { invoiceIds, format, duplicates }, rows, accountColumn };
}

/** A first line that names a column rather than an invoice: `invoice_id`, `Invoice Number`, `id`, `number`, `invoices`. */
const HEADER_WORD = /^(?:invoices?(?:[ _-]?(?:ids?|numbers?|no))?|ids?|numbers?)$/i;

function detectFormat(lines: readonly string[], options: ParseInvoiceListOptions): InvoiceListFormat {
  if (options.source?.toLowerCase().endsWith('.csv')) return 'csv';
  const first = lines[0]?.trim() ?? '';
  return first.includes(',') || first.replace(/^"|"$/g, '').toLowerCase() === 'invoice' ? 'csv' : 'lines';
}

function lineRows(lines: readonly string[]): InvoiceRow[] {
  return lines.map((raw, index) => ({ line: index + 1, value: raw.replace(/\r$/, '').trim() }));
}

/**
 * The invoice cells of a CSV, each with the line it starts on. A record's start is where the one
 * before it ended (csv-parse's `info.bytes` when it is emitted: the bytes read so far, its record
 * delimiter included; csv-parse counts bytes even of a string). Lines are counted in those bytes
 * with `\r\n`, `\n` and a lone `\r` one line break each: csv-parse's own `info.lines` is the
 * record's last line, and counts a `\r\n` inside quotes twice. A record the parser refuses (an
 * unclosed quote, a wrong number of fields) is named by the line it starts on.
 */
function csvRows(body: string, context: string): { rows: InvoiceRow[]; accountColumn: boolean } {
  const bytes = Buffer.from(body, 'utf8');
  const lineAt = lineCounter(bytes);
  const records: { record: string[]; start: number }[] = [];
  let end = 0;
  try {
    parseCsv(bytes, {
      trim: true,
      skip_empty_lines: false,
      on_record: (record: string[], info: { bytes: number }) => {
        records.push({ record, start: end });
        end = info.bytes;
        return record;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) {
      throw inputError([{ path: `line ${lineAt(end)}`, message: csvProblem(error) }], context);
    }
    throw error;
  }
  const [header, ...rows] = records;
  const columns = header?.record ?? [];
  const column = columns.findIndex((name) => name.toLowerCase() === 'invoice');
  if (column === -1) {
    throw inputError(
      [
        {
          path: 'line 1',
          message: `the CSV header has no "invoice" column (it has: ${columns.map((name) => JSON.stringify(name)).join(', ') || 'nothing'})`,
        },
      ],
      context,
    );
  }
  const accountAt = columns.findIndex((name) => name.toLowerCase() === 'account');
  return {
    rows: rows.map(({ record, start }) => ({
      // The cell starts on the record's first line plus the line breaks inside the cells before
      // it (only a quoted cell holds one, kept as it was in the file).
      line: lineAt(start) + record.slice(0, column).reduce((sum, cell) => sum + lineBreaks(cell), 0),
      // Quoted or not, spaces around the id go (csv-parse's `trim` keeps those inside quotes).
      value: (record[column] ?? '').trim(),
      ...(accountAt === -1 ? {} : { account: (record[accountAt] ?? '').trim() }),
    })),
    accountColumn: accountAt !== -1,
  };
}

/** csv-parse's message without its own "at line N" (counted its way, see `csvRows`). */
function csvProblem(error: CsvError): string {
  return error.message.replace(/ (?:at|on) line \d+/g, '');
}

/**
 * The 1-based line of a byte offset in `bytes`, for offsets asked in increasing order (each call
 * counts on from the last one; an earlier offset starts over).
 */
function lineCounter(bytes: Buffer): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 1;
    }
    for (; at < offset; at++) {
      const byte = bytes[at];
      if (byte === 0x0a || (byte === 0x0d && bytes[at + 1] !== 0x0a)) line++;
    }
    return line;
  };
}

function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function idProblem(value: string): string | undefined {
  if (value === '') return 'is empty (no invoice id)';
  if (isProviderId(value as unknown)) return undefined;
  const refused = providerIdSchema.safeParse(value);
  const shown = value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}…` : JSON.stringify(value);
  return `${shown} is not an invoice id: ${refused.error?.issues[0]?.message ?? 'refused'}`;
}

function inputError(issues: ValidationIssue[], context: string): ValidationError {
  const named = issues.slice(0, MAX_NAMED_ISSUES);
  if (issues.length > named.length) {
    named.push({ path: 'input', message: `and ${issues.length - named.length} more bad lines` });
  }
  return new ValidationError({ issues: named, context });
}
