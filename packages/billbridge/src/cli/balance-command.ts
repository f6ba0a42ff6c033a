import { currencySchema } from '@billbridge/core';
import type { CliCommand, CommonFlags } from './cli-command.js';
import { createOutput, runAction, UsageError, withCommonOptions } from './cli-command.js';
import { resolveCliProvider } from './cli-provider.js';
import { EXIT_CODES } from './exit-codes.js';
import { formatMoney } from './format-money.js';
import { formatTable } from './print-table.js';
import { idArgument } from './single-invoice.js';

/**
 * `billbridge balance <customer>`: the customer's credit (positive = credit to spend). The record
 * is `{ type: 'balance', customerId, credit: Money, breakdown? }`.
 */
export const balanceCommand: CliCommand = {
  name: 'balance',
  register(program, context) {
    withCommonOptions(
      program
        .command('balance')
        .description("Show a customer's credit balance")
        .argument('<customer>', 'the customer id')
        .option('--currency <code>', 'the balance in this currency (lower-case ISO 4217, e.g. usd)'),
    ).action((customer: string, flags: CommonFlags & { currency?: string }) =>
      runAction(context, 'balance', async () => {
        const customerId = idArgument(customer, 'customer');
        if (flags.currency !== undefined && !currencySchema.safeParse(flags.currency).success) {
          throw new UsageError('--currency must be a lower-case three-letter code such as usd');
        }
        const { client } = resolveCliProvider(flags, context.io.env);
        const output = createOutput(context.io, flags.json);
        const balance = await client.getCustomerBalance(
          customerId,
          flags.currency ? { currency: flags.currency } : {},
        );
        const credit = { amount: balance.credit, currency: balance.currency };
        output.record({
          type: 'balance',
          customerId,
          credit,
          ...(balance.breakdown ? { breakdown: balance.breakdown } : {}),
        });
        const rows = [
          ['customer', customerId],
          ['credit', formatMoney(credit)],
        ];
        if (balance.breakdown) {
          const { promotional, refundable, excessPayments } = balance.breakdown;
          rows.push(['  promotional', formatMoney({ amount: promotional, currency: balance.currency })]);
          rows.push(['  refundable', formatMoney({ amount: refundable, currency: balance.currency })]);
          rows.push([
            '  excess payments',
            formatMoney({ amount: excessPayments, currency: balance.currency }),
          ]);
        }
        output.text(formatTable(rows, ['left', 'right']));
        return EXIT_CODES.ok;
      }),
    );
  },
};
