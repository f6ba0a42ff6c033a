import { readFile } from 'node:fs/promises';
import { ValidationError } from '@billbridge/core';

/**
 * Reads a bulk input as text: a file path, or `-` for `stdin`. A file that cannot be read is a
 * `ValidationError` naming it (nothing is sent when the input cannot be read).
 */
export async function readInvoiceInput(source: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ValidationError({
      issues: [{ path: 'input', message: `cannot read ${JSON.stringify(source)} (${code})` }],
      context: 'bulk input',
    });
  }
}
