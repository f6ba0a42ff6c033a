import { type BulkInvoiceRecord, voidedWellBefore } from '@billbridge/bulk';
import { BillingError, InvoiceNotVoidableError, type VoidInvoiceResult } from '@billbridge/core';
import type { CliCommand, CommonFlags } from './cli-command.js';
import { isConfigurationError, runAction, withCommonOptions } from './cli-command.js';
import { planOne, prepareInvoiceCommand, printSingle, voidFlagOptions } from './single-invoice.js';

/** Flags of `void` (and `reverse`). */
export interface VoidFlags extends CommonFlags {
  reason?: string;
  comment?: string;
  appliedBalance?: string;
  idempotencyKey?: string;
  dryRun?: boolean;
}

/** The record of a void's result. */
export function voidedRecord(
  invoiceId: string,
  result: VoidInvoiceResult,
  appliedBalance: 'return' | 'consume',
): BulkInvoiceRecord {
  const record: BulkInvoiceRecord = {
    type: 'invoice',
    invoiceId,
    status: 'voided',
    balanceReturned: result.balanceReturned,
    creditNote: result.creditNote ? { id: result.creditNote.id, total: result.creditNote.total } : null,
  };
  if (appliedBalance === 'consume') {
    const applied = result.invoice.appliedBalance;
    record.balanceConsumed = applied && applied.amount > 0 ? applied : null;
  }
  if (result.replayed) record.replayed = true;
  if (result.warnings.some((warning) => warning.code === 'reconciled')) record.reconciled = true;
  return record;
}

/** The record of a refused or failed void; rethrows configuration errors (exit 2). */
export function failedRecord(invoiceId: string, error: unknown): BulkInvoiceRecord {
  if (InvoiceNotVoidableError.isInstance(error)) {
    return { type: 'invoice', invoiceId, status: 'refused', blockers: [...error.blockers] };
  }
  if (isConfigurationError(error) || !BillingError.isInstance(error)) throw error;
  return {
    type: 'invoice',
    invoiceId,
    status: 'failed',
    error: { code: error.code, message: error.message },
  };
}

/** `billbridge void <invoice>`: void it (or, with `--dry-run`, say what a void would do). */
export const voidCommand: CliCommand = {
  name: 'void',
  register(program, context) {
    withCommonOptions(
      program
        .command('void')
        .description('Void an invoice, returning the customer balance applied to it')
        .argument('<invoice>', 'the invoice id')
        .option(
          '--reason <code>',
          'void reason code (Chargebee: void_reason_code; Stripe: recorded as metadata)',
        )
        .option('--comment <text>', 'void comment (at most 300 characters)')
        .option('--applied-balance <mode>', 'return (default) or consume the customer balance applied to it')
        .option(
          '--idempotency-key <key>',
          'the idempotency key to send (default: a fresh one, reused on retries)',
        )
        .option('--dry-run', 'change nothing: print what the void would do'),
    ).action((invoice: string, flags: VoidFlags) =>
      runAction(context, 'void', async () => {
        const given = voidFlagOptions(flags);
        const { invoiceId, appliedBalance, client, output } = prepareInvoiceCommand(context, invoice, flags);
        if (flags.dryRun) {
          output.message('dry run: nothing will be changed');
          return printSingle(output, await planOne(client, invoiceId, appliedBalance), { plan: true });
        }
        let record: BulkInvoiceRecord;
        const began = Date.now();
        try {
          const result = await client.voidInvoice(invoiceId, {
            appliedBalance,
            ...given,
            ...(flags.idempotencyKey !== undefined ? { idempotencyKey: flags.idempotencyKey } : {}),
          });
          record = voidedRecord(invoiceId, result, appliedBalance);
          for (const warning of result.warnings) output.message(`warning: ${warning.message}`);
          // No answer came back; the invoice read back was voided well before this command began
          // (its own key cannot be older): someone else's void, as bulk-void judges it.
          if (
            record.reconciled &&
            flags.idempotencyKey === undefined &&
            voidedWellBefore(result.invoice, began)
          ) {
            output.message(
              `warning: ${invoiceId} was voided at ${result.invoice.voidedAt}, before this command began: that void was not this command's`,
            );
            record = { type: 'invoice', invoiceId, status: 'refused', blockers: ['already_void'] };
          }
        } catch (error) {
          record = failedRecord(invoiceId, error);
        }
        return printSingle(output, record);
      }),
    );
  },
};
