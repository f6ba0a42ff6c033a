import {
  AuthenticationError,
  BillingError,
  PermissionError,
  UnsupportedOptionError,
  ValidationError,
} from '@billbridge/core';
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/** A command of the `billbridge` bin: adds itself to the program; its action reports an exit code. */
export interface CliCommand {
  name: string;
  register(program: Command, context: CliContext): void;
}

/** What every command's action is given. */
export interface CliContext {
  io: CliIo;
  /** The action's exit code, set once it ends. */
  setExitCode(code: ExitCode): void;
}

/** Options every command takes. */
export interface CommonFlags {
  provider?: string;
  apiBase?: string;
  json?: boolean;
}

/** Adds `--provider`, `--api-base` and `--json` to a command. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--provider <name>', 'memory, stripe or chargebee (default: $BILLBRIDGE_PROVIDER, else memory)')
    .option(
      '--api-base <url>',
      'send requests to this base URL, e.g. the emulator (default: $BILLBRIDGE_STRIPE_API_BASE / $BILLBRIDGE_CHARGEBEE_API_BASE)',
    )
    .option('--json', 'print NDJSON records on stdout (one per invoice, then a summary)');
}

/** A usage mistake found by a command (exit 2, nothing sent). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Bad input, an option the provider cannot honour, or credentials refused: exit 2, nothing changed. */
export function isConfigurationError(error: unknown): boolean {
  return (
    ValidationError.isInstance(error) ||
    UnsupportedOptionError.isInstance(error) ||
    AuthenticationError.isInstance(error) ||
    PermissionError.isInstance(error)
  );
}

/** The exit code for an error that ended a command, and the message to print. */
export function describeFailure(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof UsageError) return { code: EXIT_CODES.usage, message: error.message };
  if (isConfigurationError(error) && error instanceof Error) {
    return { code: EXIT_CODES.usage, message: `${error.message} (nothing was changed)` };
  }
  if (BillingError.isInstance(error)) return { code: EXIT_CODES.incomplete, message: error.message };
  return { code: EXIT_CODES.incomplete, message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs a command's action: its exit code, or the failure's (printed on stderr as
 * `billbridge <command>: <message>`).
 */
export async function runAction(
  context: CliContext,
  commandName: string,
  action: () => Promise<ExitCode>,
): Promise<void> {
  try {
    context.setExitCode(await action());
  } catch (error) {
    const failure = describeFailure(error);
    context.io.stderr.write(`billbridge ${commandName}: ${failure.message}\n`);
    context.setExitCode(failure.code);
  }
}

/** Writes NDJSON records or text to stdout. */
export function createOutput(io: CliIo, json: boolean | undefined) {
  return {
    json: json === true,
    record(record: object) {
      if (json) io.stdout.write(`${JSON.stringify(record)}\n`);
    },
    text(text: string) {
      if (!json) io.stdout.write(text);
    },
    message(text: string) {
      io.stderr.write(`${text}\n`);
    },
  };
}

/** The output of a command: `createOutput`'s result. */
export type CliOutputWriter = ReturnType<typeof createOutput>;
