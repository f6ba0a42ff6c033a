import { createInterface } from 'node:readline/promises';
import type { CliIo } from './cli-io.js';

/**
 * Asks on the terminal before a live-mode run, showing what it will do; true only when the
 * operator types `yes`. Never called when stdin is not a terminal (the CLI wants `--yes` then).
 */
export async function confirmLiveRun(io: CliIo, totals: string): Promise<boolean> {
  io.stderr.write(`\nLIVE MODE. This run will void real invoices:\n${totals}\n`);
  const prompt = createInterface({
    input: io.stdin,
    output: io.stderr as NodeJS.WritableStream,
    terminal: false,
  });
  try {
    const answer = await prompt.question('Type "yes" to go on: ');
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}
