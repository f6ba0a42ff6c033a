/**
 * `pnpm record`: re-records the cassettes of the provider named by BILLBRIDGE_RECORD from a
 * test-mode account. Run it without BILLBRIDGE_RECORD to read how.
 */
import { resolve } from 'node:path';
import { runRecordCommand } from './run-record-command.js';

process.exitCode = await runRecordCommand({
  argv: process.argv.slice(2),
  env: process.env,
  log: (line) => console.log(line),
  cassetteRoot: resolve(import.meta.dirname, '../cassettes'),
});
