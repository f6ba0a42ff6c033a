import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli-command.js';
import { CLI_COMMANDS } from './cli-commands.js';
import type { CliIo } from './cli-io.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * Runs the `billbridge` CLI over `argv` (without `node` and the script) and resolves to its exit
 * code: 0, 1, 2 or 130 (`EXIT_CODES`). Usage errors (an unknown option, a missing argument) are 2.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT_CODES.ok;
  const context: CliContext = {
    io,
    setExitCode(code) {
      exitCode = code;
    },
  };
  const program = new Command('billbridge')
    .description(
      'Check, void and reverse invoices, read customer balances, and void in bulk — on Stripe, Chargebee or the memory provider.\n' +
        'Data goes to stdout (--json: NDJSON), messages and progress to stderr.\n' +
        'Exit codes: 0 done, 1 some invoice refused or failed, 2 usage or configuration error (nothing sent), 130 interrupted.',
    )
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  for (const command of CLI_COMMANDS) command.register(program, context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return HELP_CODES.has(error.code) ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    throw error;
  }
  return exitCode;
}
