import { balanceCommand } from './balance-command.js';
import { bulkStatusCommand } from './bulk-status-command.js';
import { bulkVoidCommand } from './bulk-void-command.js';
import { checkCommand } from './check-command.js';
import type { CliCommand } from './cli-command.js';
import { emulateCommand } from './emulate-command.js';
import { reverseCommand } from './reverse-command.js';
import { voidCommand } from './void-command.js';
import { workerCommand } from './worker-command.js';

/** The commands of the `billbridge` bin, in the order `--help` lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [
  checkCommand,
  voidCommand,
  reverseCommand,
  balanceCommand,
  bulkVoidCommand,
  workerCommand,
  bulkStatusCommand,
  emulateCommand,
];
