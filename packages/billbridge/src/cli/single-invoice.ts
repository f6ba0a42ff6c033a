import { type BulkInvoiceRecord, createBulkTally, planBulkVoid } from '@billbridge/bulk';
import {
  type BillingClient,
  isProviderId,
  providerIdSchema,
  UnsupportedOptionError,
  voidInvoiceOptionsSchema,
} from '@billbridge/core';
import {
  type CliContext,
  type CliOutputWriter,
  type CommonFlags,
  createOutput,
  UsageError,
} from './cli-command.js';
import { resolveCliProvider } from './cli-provider.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { renderInvoiceRecord } from './render-records.js';

/** `--applied-balance`: `return` (default) or `consume`. */
export function appliedBalanceFlag(value: string | undefined): 'return' | 'consume' {
  if (value === undefined || value === 'return' || value === 'consume') return value ?? 'return';
  throw new UsageError(`--applied-balance must be "return" or "consume", not ${JSON.stringify(value)}`);
}

/** Checks an id from the command line before anything is sent. */
export function idArgument(value: string, what: string): string {
  if (isProviderId(value as unknown)) return value;
  const message = providerIdSchema.safeParse(value).error?.issues[0]?.message ?? 'is not an id';
  throw new UsageError(`${what} ${JSON.stringify(value)} ${message}`);
}

/** Refuses, before any request, an `appliedBalance` the provider cannot honour (as `voidInvoice` would). */
export function assertAppliedBalance(client: BillingClient, mode: 'return' | 'consume'): void {
  const supported = client.capabilities.voidInvoice.appliedBalance;
  if (supported.includes(mode)) return;
  throw new UnsupportedOptionError({
    option: 'appliedBalance',
    value: mode,
    provider: client.provider,
    message: `${client.provider}: --applied-balance ${mode} is not supported (supported: ${supported.join(', ')})`,
  });
}

/** Prints one invoice's record and a one-invoice summary; exit 1 when it was refused or failed. */
export function printSingle(
  output: CliOutputWriter,
  record: BulkInvoiceRecord,
  options: { plan?: boolean } = {},
): ExitCode {
  const tally = createBulkTally(1);
  tally.add(record);
  output.record(record);
  output.record(tally.summary(options.plan ? { plan: true } : {}));
  output.text(renderInvoiceRecord(record, options));
  if (record.status === 'failed') return EXIT_CODES.incomplete;
  if (record.status === 'refused' && !options.plan) return EXIT_CODES.incomplete;
  return EXIT_CODES.ok;
}

/**
 * What voiding one invoice would do (`check`, `void --dry-run`): read only. Refused credentials are
 * a configuration error (exit 2), as for `void` itself and `bulk-void --dry-run`, not a failed plan.
 */
export async function planOne(
  client: BillingClient,
  invoiceId: string,
  appliedBalance: 'return' | 'consume',
): Promise<BulkInvoiceRecord> {
  const plan = await planBulkVoid({ client, invoiceIds: [invoiceId], void: { appliedBalance } });
  const record = plan.records[0]!;
  const refused = credentialsCode(record);
  if (refused) {
    throw new UsageError(
      `${client.provider} refused the credentials (${refused}) reading ${invoiceId} (nothing was changed)`,
    );
  }
  return record;
}

/** `authentication_failed` or `permission_denied` when the provider refused the credentials for this item. */
export function credentialsCode(record: BulkInvoiceRecord): string | undefined {
  const code = record.status === 'failed' ? record.error?.code : undefined;
  return code === 'authentication_failed' || code === 'permission_denied' ? code : undefined;
}

const VOID_FLAGS = { reasonCode: '--reason', comment: '--comment' } as const;

/**
 * `--reason` and `--comment` by the client's own rules (core's `voidInvoiceOptionsSchema`), before
 * anything is read or sent (a dry run too: it must refuse what the void would refuse), naming the flag.
 */
export function voidFlagOptions(flags: { reason?: string; comment?: string }): {
  reasonCode?: string;
  comment?: string;
} {
  const options = {
    ...(flags.reason !== undefined ? { reasonCode: flags.reason } : {}),
    ...(flags.comment !== undefined ? { comment: flags.comment } : {}),
  };
  const parsed = voidInvoiceOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = VOID_FLAGS[issue.path[0] as keyof typeof VOID_FLAGS] ?? String(issue.path[0]);
    throw new UsageError(`${flag} ${issue.message}`);
  }
  return options;
}

/**
 * What `check`, `void` and `reverse` start with, all before any request: the invoice id checked,
 * `--applied-balance` read and checked against the provider's capabilities, the client, the output.
 */
export function prepareInvoiceCommand(
  context: CliContext,
  invoice: string,
  flags: CommonFlags & { appliedBalance?: string },
) {
  const invoiceId = idArgument(invoice, 'invoice');
  const appliedBalance = appliedBalanceFlag(flags.appliedBalance);
  const { client } = resolveCliProvider(flags, context.io.env);
  assertAppliedBalance(client, appliedBalance);
  return { invoiceId, appliedBalance, client, output: createOutput(context.io, flags.json) };
}
