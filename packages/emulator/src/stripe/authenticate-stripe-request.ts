import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorResponse } from '../http/emulator-exchange.js';
import { stripeError } from './stripe-error.js';

const TEST_KEY = /^(sk|rk)_test_[A-Za-z0-9_]{1,247}$/;
const LIVE_KEY = /^(sk|rk)_live_/;
const ACCOUNT_ID = /^acct_[A-Za-z0-9]{1,64}$/;

/** The account of the platform itself when no `Stripe-Account` header is sent. */
export const STRIPE_PLATFORM_ACCOUNT = 'acct_emulator';

/**
 * Stripe's auth: `Authorization: Bearer sk_test_…` (or Basic with the key as user, as curl -u sends).
 * Test-mode keys only: a live key is refused with Stripe's 401, since the emulator must never stand
 * in for a live account. `Stripe-Account` (Connect) selects a connected account's separate state.
 * The key itself is never echoed.
 */
export function authenticateStripeRequest(
  headers: IncomingHttpHeaders,
): { account: string } | EmulatorResponse {
  const key = bearerOrBasicKey(headers.authorization);
  if (key === undefined)
    return stripeError(401, {
      type: 'invalid_request_error',
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    });
  if (LIVE_KEY.test(key))
    return stripeError(401, {
      type: 'invalid_request_error',
      message:
        'The billbridge emulator takes test-mode keys only (sk_test_…, rk_test_…); a live key was refused.',
    });
  if (!TEST_KEY.test(key))
    return stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided.' });
  const connected = headers['stripe-account'];
  if (connected === undefined) return { account: STRIPE_PLATFORM_ACCOUNT };
  if (typeof connected !== 'string' || !ACCOUNT_ID.test(connected))
    return stripeError(403, {
      type: 'invalid_request_error',
      message: 'The provided Stripe-Account header is not an account id (acct_…).',
    });
  return { account: connected };
}

function bearerOrBasicKey(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const bearer = /^Bearer (\S+)$/.exec(authorization);
  if (bearer) return bearer[1];
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user === '' ? undefined : user;
}
