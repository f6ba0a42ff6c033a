import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorResponse } from '../http/emulator-exchange.js';
import { stripeError } from './stripe-error.js';

/**
 * The API versions whose response shapes the emulator renders: 2019-11-05 (the last before balances
 * were returned on void, with `invoice_customer_balance_settings`) and the pinned stripe-node's
 * current version. Stripe itself accepts every published version; a request for one the emulator
 * does not render is refused with `emulator_unsupported` rather than answered in the wrong shape.
 */
export const STRIPE_EMULATED_VERSIONS = ['2019-11-05', '2026-10-28.endive'] as const;

const VERSION_SHAPE = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

/** The version a request asks for (`Stripe-Version`), else the emulator's default. */
export function stripeRequestVersion(
  headers: IncomingHttpHeaders,
  defaultVersion: string,
): string | EmulatorResponse {
  const asked = headers['stripe-version'];
  const version = typeof asked === 'string' && asked !== '' ? asked : defaultVersion;
  if (!VERSION_SHAPE.test(version))
    return stripeError(
      400,
      { type: 'invalid_request_error', message: `Invalid Stripe API version: ${version}` },
      { notSaved: true },
    );
  if (!(STRIPE_EMULATED_VERSIONS as readonly string[]).includes(version))
    return stripeError(
      400,
      {
        type: 'invalid_request_error',
        code: 'emulator_unsupported',
        param: 'Stripe-Version',
        message: `The billbridge emulator renders API versions ${STRIPE_EMULATED_VERSIONS.join(' and ')}, not ${version}. See docs/emulator.md.`,
      },
      { notSaved: true },
    );
  return version;
}
