import {
  type AppliedBalanceMode,
  stripeReturnsBalanceOnVoid,
  UnsupportedOptionError,
} from '@billbridge/core';

/**
 * The form parameters of `POST /v1/invoices/:id/void` for an `appliedBalance` mode at an API
 * version (DESIGN §3.1):
 *
 * | API version    | `return`                         | `consume`                |
 * | -------------- | -------------------------------- | ------------------------ |
 * | `< 2019-12-03` | `consume_applied_balance=false`  | nothing (the default)    |
 * | `>= 2019-12-03`| nothing (the default)            | `UnsupportedOptionError` |
 *
 * `consume_applied_balance` is named only in Stripe's 2019-12-03 changelog (seed 000); no
 * published spec lists it, and current versions reject it.
 */
export function stripeVoidInvoiceParams(
  appliedBalance: AppliedBalanceMode,
  apiVersion: string,
): Record<string, boolean> {
  if (stripeReturnsBalanceOnVoid(apiVersion)) {
    if (appliedBalance === 'consume') {
      throw new UnsupportedOptionError({
        option: 'appliedBalance',
        value: appliedBalance,
        provider: 'stripe',
        message: `stripe: appliedBalance 'consume' is not supported on API version ${apiVersion}: since 2019-12-03 a void always returns the applied customer balance. Nothing was sent.`,
      });
    }
    return {};
  }
  return appliedBalance === 'return' ? { consume_applied_balance: false } : {};
}
