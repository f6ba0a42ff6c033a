import type { CliCommand, CommonFlags } from './cli-command.js';
import { runAction, withCommonOptions } from './cli-command.js';
import { planOne, prepareInvoiceCommand, printSingle } from './single-invoice.js';

/** `billbridge check <invoice>`: voidable or not, the blockers, the balance a void would return. */
export const checkCommand: CliCommand = {
  name: 'check',
  register(program, context) {
    withCommonOptions(
      program
        .command('check')
        .description('Say whether an invoice can be voided, what blocks it, and what a void would give back')
        .argument('<invoice>', 'the invoice id')
        .option('--applied-balance <mode>', 'return (default) or consume the customer balance applied to it'),
    ).action((invoice: string, flags: CommonFlags & { appliedBalance?: string }) =>
      runAction(context, 'check', async () => {
        const { invoiceId, appliedBalance, client, output } = prepareInvoiceCommand(context, invoice, flags);
        return printSingle(output, await planOne(client, invoiceId, appliedBalance), { plan: true });
      }),
    );
  },
};
