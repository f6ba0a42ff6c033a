import { createBulkTally } from '@billbridge/bulk';
import { paidInvoiceSettlementSchema } from '@billbridge/core';
import type { CliCommand } from './cli-command.js';
import { runAction, UsageError, withCommonOptions } from './cli-command.js';
import { EXIT_CODES } from './exit-codes.js';
import { formatMoney } from './format-money.js';
import { formatTable } from './print-table.js';
import { prepareInvoiceCommand, printSingle } from './single-invoice.js';
import { failedRecord, type VoidFlags, voidedRecord } from './void-command.js';

/**
 * `billbridge reverse <invoice> --paid <settlement>`: void the invoice when it can be voided; a paid
 * one gets a credit note for what is left to credit instead. The record of a credit is
 * `{ type: 'invoice', invoiceId, status: 'credited', creditNote }` (a status beyond DESIGN §15's list).
 */
export const reverseCommand: CliCommand = {
  name: 'reverse',
  register(program, context) {
    withCommonOptions(
      program
        .command('reverse')
        .description('Void an invoice, or credit it in full when it is paid')
        .argument('<invoice>', 'the invoice id')
        .option(
          '--paid <settlement>',
          'for a paid invoice: credit_balance, refund, out_of_band or error (default)',
        )
        .option('--reason <code>', 'void reason code, or the credit note reason code')
        .option('--comment <text>', 'void comment (at most 300 characters)')
        .option('--applied-balance <mode>', 'return (default) or consume the customer balance applied to it'),
    ).action((invoice: string, flags: VoidFlags & { paid?: string }) =>
      runAction(context, 'reverse', async () => {
        const paid = paidInvoiceSettlementSchema.safeParse(flags.paid ?? 'error');
        if (!paid.success) {
          throw new UsageError('--paid must be credit_balance, refund, out_of_band or error');
        }
        const { invoiceId, appliedBalance, client, output } = prepareInvoiceCommand(context, invoice, flags);
        let result: Awaited<ReturnType<typeof client.reverseInvoice>>;
        try {
          result = await client.reverseInvoice(invoiceId, {
            paid: paid.data,
            appliedBalance,
            ...(flags.reason !== undefined ? { reasonCode: flags.reason } : {}),
            ...(flags.comment !== undefined ? { comment: flags.comment } : {}),
          });
        } catch (error) {
          return printSingle(output, failedRecord(invoiceId, error));
        }
        if (result.action === 'voided')
          return printSingle(output, voidedRecord(invoiceId, result.void, appliedBalance));
        const note = result.creditNote;
        const record = {
          type: 'invoice' as const,
          invoiceId,
          status: 'credited' as const,
          creditNote: { id: note.id, total: note.total },
        };
        output.record(record);
        // Done, though neither voided nor refused: nothing is pending (it said `pending: 1`).
        output.record({ ...createBulkTally(1).summary(), pending: 0, credited: 1 });
        output.text(
          formatTable([
            ['invoice', invoiceId],
            ['status', 'credited (it was paid: a credit note instead of a void)'],
            ['credit note', `${note.id} ${formatMoney(note.total)} (${note.kind})`],
          ]),
        );
        return EXIT_CODES.ok;
      }),
    );
  },
};
