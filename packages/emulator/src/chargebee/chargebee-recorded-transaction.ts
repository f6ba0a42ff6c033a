import type { EmulatorResponse } from '../http/emulator-exchange.js';
import { chargebeeEmulatorUnsupported } from './chargebee-error.js';
import type { ChargebeeSite } from './chargebee-site.js';

/** How far `transaction[date]` of a recorded payment may be from the emulator's clock (one day). */
const RECORDED_DATE_SLACK_SECONDS = 86_400;

/**
 * The Unix seconds a payment recorded by hand (`record_payment`, `record_excess_payment`) is dated
 * at: `date` as given when it is within a day of the emulator's clock, else the clock's now when no
 * date is given. The state books every change at its own clock, so a payment dated further off is
 * not modelled: the answer is then the 400 `emulator_unsupported` naming `transaction[date]`.
 */
export function recordedTransactionDate(
  site: ChargebeeSite,
  date: number | undefined,
): { at: number } | { refusal: EmulatorResponse } {
  const now = Math.floor(site.state.clock.nowMs() / 1000);
  if (date === undefined) return { at: now };
  if (Math.abs(date - now) > RECORDED_DATE_SLACK_SECONDS) {
    return { refusal: chargebeeEmulatorUnsupported('transaction[date]') };
  }
  return { at: date };
}

export interface RecordedTransaction {
  id: string;
  customerId: string;
  /** Unix seconds. */
  date: number;
  /** The whole transaction, integer minor units. */
  amount: number;
  /** What no invoice took (it went to the customer's excess payments); absent when all applied. */
  unused?: number;
  paymentMethod: string;
  currency: string;
  referenceNumber?: string;
}

/** A successful offline `transaction` as Chargebee answers a recorded payment with it. */
export function renderRecordedTransaction(transaction: RecordedTransaction): Record<string, unknown> {
  return {
    id: transaction.id,
    customer_id: transaction.customerId,
    type: 'payment',
    date: transaction.date,
    amount: transaction.amount,
    ...(transaction.unused !== undefined ? { amount_unused: transaction.unused } : {}),
    payment_method: transaction.paymentMethod,
    ...(transaction.referenceNumber !== undefined ? { reference_number: transaction.referenceNumber } : {}),
    // A payment recorded by hand went through no gateway (chargebee-node's GatewayEnum).
    gateway: 'not_applicable',
    status: 'success',
    currency_code: transaction.currency.toUpperCase(),
    deleted: false,
    object: 'transaction',
  };
}
