import type { CustomerRecord, LedgerEntry } from '../memory-records.js';

/**
 * The customer as it was just after `entry`: its ledger up to the entry and the balances that
 * ledger sums to. A balance-change snapshot keeps the live customer (ledger entries never change,
 * later ones are only appended), so its event is rendered from this view, not from the customer now.
 */
export function customerAsOf(customer: Readonly<CustomerRecord>, entry: LedgerEntry): CustomerRecord {
  const ledger = customer.ledger.slice(0, customer.ledger.indexOf(entry) + 1);
  const balances = { promotional: 0, refundable: 0, excess: 0 };
  for (const each of ledger) balances[each.bucket] += each.amount;
  return { ...customer, ledger, balances };
}
