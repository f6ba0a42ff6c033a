import { stripeReturnsBalanceOnVoid, UnsupportedOptionError } from '@billbridge/core';

/**
 * The Checkout Session params fragment that sets what happens to applied customer balance when the
 * subscription it creates voids an invoice (DESIGN §3.2; seed 002). Pure: merge it into your
 * `stripe.checkout.sessions.create(...)` params.
 *
 * - API `< 2019-12-03`: `{ subscription_data: { invoice_customer_balance_settings: { consume_applied_balance_on_void } } }`.
 * - API `>= 2019-12-03`: `{}` for `false` (already the behaviour); `UnsupportedOptionError` for `true`.
 */
export function stripeCheckoutBalanceSettings(options: {
  consumeAppliedBalanceOnVoid: boolean;
  apiVersion: string;
}): {
  subscription_data?: { invoice_customer_balance_settings: { consume_applied_balance_on_void: boolean } };
} {
  if (stripeReturnsBalanceOnVoid(options.apiVersion)) {
    if (options.consumeAppliedBalanceOnVoid) {
      throw new UnsupportedOptionError({
        option: 'consumeAppliedBalanceOnVoid',
        value: true,
        provider: 'stripe',
        message: `stripe: consumeAppliedBalanceOnVoid: true cannot be honoured on API version ${options.apiVersion}: since 2019-12-03 voided invoices always return the applied balance.`,
      });
    }
    return {};
  }
  return {
    subscription_data: {
      invoice_customer_balance_settings: {
        consume_applied_balance_on_void: options.consumeAppliedBalanceOnVoid,
      },
    },
  };
}
