import {
  type BillingClient,
  createBillingClient,
  createMemoryProvider,
  InvoiceNotVoidableError,
  type MemoryProvider,
  type MemoryProviderSettings,
} from 'billbridge';
import { formatMoney } from './format-money.js';

const usd = (amount: number) => ({ amount, currency: 'usd' });

function row(label: string, value: string): string {
  return `  ${label.padEnd(42)}${value}`;
}

async function section(
  title: string,
  settings: MemoryProviderSettings,
  appliedBalance?: 'consume',
): Promise<string[]> {
  const provider: MemoryProvider = createMemoryProvider(settings);
  const billing: BillingClient = createBillingClient({ provider });
  const lines = [title];

  // A customer with 5.00 of credit and an invoice of 20.00: finalizing applies the credit.
  const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
  lines.push(row(`customer ${customer.customerId}`, `credit ${formatMoney(usd(customer.credit))}`));
  const draft = provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] });
  const open = provider.finalizeInvoice(draft.id);
  lines.push(
    row(
      `invoice ${open.id} finalized`,
      `total ${formatMoney(open.total)}, credit applied ${formatMoney(open.appliedBalance)}, due ${formatMoney(open.amountDue)}`,
    ),
  );

  // The void: the applied credit comes back (or, where asked and possible, is consumed).
  const result = await billing.voidInvoice(open.id, {
    reasonCode: 'duplicate',
    comment: 'Raised twice by mistake',
    ...(appliedBalance ? { appliedBalance } : {}),
  });
  const creditNote = result.creditNote
    ? `, credit note ${result.creditNote.id} (${result.creditNote.kind}, ${formatMoney(result.creditNote.total)})`
    : '';
  lines.push(
    row(
      appliedBalance ? `voidInvoice, appliedBalance '${appliedBalance}'` : 'voidInvoice',
      `${result.invoice.status}, balance returned ${formatMoney(result.balanceReturned)}${creditNote}`,
    ),
  );
  const after = await billing.getCustomerBalance(customer.customerId);
  lines.push(row('customer credit after the void', formatMoney(usd(after.credit))));

  // A paid invoice (12.00: the 5.00 credit applied, 7.00 paid) cannot be voided:
  // reverseInvoice credits it in full to the customer's balance with a credit note instead.
  const paid = provider.finalizeInvoice(
    provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 1200 }] }).id,
  );
  provider.payInvoice(paid.id);
  try {
    await billing.voidInvoice(paid.id);
  } catch (error) {
    if (!InvoiceNotVoidableError.isInstance(error)) throw error;
    lines.push(row(`voidInvoice on paid ${paid.id}`, `refused, blockers: ${error.blockers.join(', ')}`));
  }
  const reversed = await billing.reverseInvoice(paid.id, { paid: 'credit_balance', reason: 'order_change' });
  if (reversed.action === 'credited') {
    const note = reversed.creditNote;
    lines.push(
      row(
        'reverseInvoice on the paid invoice',
        `credit note ${note.id} (${note.kind}, ${formatMoney(note.total)})`,
      ),
    );
  }
  const final = await billing.getCustomerBalance(customer.customerId);
  lines.push(row('customer credit at the end', formatMoney(usd(final.credit))));
  return lines;
}

/** Runs the demo and returns its lines (printed by main.ts, asserted by the test). */
export async function runDemo(): Promise<string[]> {
  const sections = [
    await section('Memory provider as Stripe (current API: the balance always comes back)', {
      flavor: 'stripe',
    }),
    await section(
      'Memory provider as Stripe pinned to 2019-11-05 (the last API that could consume it)',
      { flavor: 'stripe', apiVersion: '2019-11-05' },
      'consume',
    ),
    await section("Memory provider as Chargebee (site setting 'Void invoices with credit note' on)", {
      flavor: 'chargebee',
      voidCreatesCreditNote: true,
    }),
  ];
  return [
    'billbridge demo: voiding invoices, returning balances, issuing credit notes',
    '',
    ...sections.flatMap((lines) => [...lines, '']),
  ];
}
