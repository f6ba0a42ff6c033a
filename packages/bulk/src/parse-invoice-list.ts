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
  const rows = format === 'csv' ? csvRows(body, context) : lineRows(lines);
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
  return { invoiceIds, format, duplicates };
}

function detectFormat(lines: readonly string[], options: ParseInvoiceListOptions): InvoiceListFormat {
  if (options.source?.toLowerCase().endsWith('.csv')) return 'csv';
  const first = lines[0]?.trim() ?? '';
  return first.includes(',') || first.replace(/^"|"$/g, '').toLowerCase() === 'invoice' ? 'csv' : 'lines';
}

function lineRows(lines: readonly string[]): { line: number; value: string }[] {
  return lines.map((raw, index) => ({ line: index + 1, value: raw.replace(/\r$/, '').trim() }));
}

function csvRows(body: string, context: string): { line: number; value: string }[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parseCsv(body, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: false,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw inputError([{ path: line ? `line ${line}` : 'input', message: error.message }], context);
    }
    throw error;
  }
  const [header, ...records] = parsed;
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
  return records.map(({ record, info }) => ({ line: info.lines, value: record[column] ?? '' }));
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
