import { createTestClock, type ListPage, type ListPageOptions, snapshotPlain } from '@billbridge/memory';
import type { EmulatorClock } from '../create-emulator-server.js';
import type { EmulatorDialect } from '../http/emulator-dialect.js';
import { authenticateStripeRequest } from './authenticate-stripe-request.js';
import { decodeStripeForm } from './decode-stripe-form.js';
import { balanceTransactionRoutes } from './routes/balance-transaction-routes.js';
import { creditNoteRoutes } from './routes/credit-note-routes.js';
import { customerRoutes } from './routes/customer-routes.js';
import { invoiceItemRoutes } from './routes/invoice-item-routes.js';
import { invoiceRoutes } from './routes/invoice-routes.js';
import { subscriptionRoutes } from './routes/subscription-routes.js';
import { createStripeAccount, type StripeAccount } from './stripe-account.js';
import { stripeError, stripeServerErrors } from './stripe-error.js';
import { STRIPE_EMULATED_VERSIONS, stripeRequestVersion } from './stripe-request-version.js';

export interface StripeDialectOptions {
  /** The version of a request without `Stripe-Version` (default: the pinned stripe-node's). */
  apiVersion?: string;
  clock: EmulatorClock;
}

/**
 * The Stripe API version the emulator serves a request without `Stripe-Version` in: the pinned
 * stripe-node's (`2026-10-28.endive`).
 */
export const STRIPE_DEFAULT_VERSION = STRIPE_EMULATED_VERSIONS[1];

/**
 * Stripe v1 as the emulator serves it (docs/emulator.md): customers and their balance
 * transactions, invoice items, invoices, credit notes and subscriptions, over one state model per
 * account (`Stripe-Account`), with Stripe's auth, form decoding, errors and idempotency.
 */
export function createStripeDialect(options: StripeDialectOptions): EmulatorDialect<StripeAccount> {
  const defaultVersion = options.apiVersion ?? STRIPE_DEFAULT_VERSION;
  const checked = stripeRequestVersion({}, defaultVersion);
  if (typeof checked !== 'string')
    throw new Error(`the emulator does not render Stripe API ${defaultVersion}`);
  const clock = createTestClock(() => options.clock.now());
  return {
    name: 'stripe',
    pathPrefix: '/v1/',
    routes: [
      ...customerRoutes,
      ...balanceTransactionRoutes,
      ...invoiceItemRoutes,
      ...invoiceRoutes,
      ...creditNoteRoutes,
      ...subscriptionRoutes,
    ],
    authenticate: authenticateStripeRequest,
    apiVersion: (headers) => stripeRequestVersion(headers, defaultVersion),
    decode: decodeStripeForm,
    memoryState: (account) => account.state,
    idempotency: {
      requestHeader: 'idempotency-key',
      replayHeader: ['idempotent-replayed', 'true'],
      conflict: (key) =>
        stripeError(
          400,
          {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          },
          { notSaved: true },
        ),
      // "Idempotency keys are up to 255 characters long" (docs.stripe.com/api/idempotent_requests).
      maxKeyLength: 255,
      invalidKey: (length) =>
        stripeError(
          400,
          {
            type: 'invalid_request_error',
            message: `Idempotency keys must be 1-255 characters long; this one has ${length}.`,
          },
          { notSaved: true },
        ),
    },
    errors: stripeServerErrors,
    createState: (account) => createStripeAccount(account, defaultVersion, clock),
    snapshot: (account) => snapshotStripeAccount(account),
  };
}

function everything<T>(list: (page: ListPageOptions) => ListPage<T>, id: (record: T) => string): T[] {
  const all: T[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const page = list({ limit: 100, order: 'oldest_first', ...(startingAfter ? { startingAfter } : {}) });
    all.push(...page.data);
    if (!page.hasMore || page.data.length === 0) return all;
    startingAfter = id(page.data[page.data.length - 1]!);
  }
}

/** Every record of a Stripe account as plain data (the control API's state snapshot). */
export function snapshotStripeAccount(account: StripeAccount) {
  const { state } = account;
  const byId = (record: { id: string }) => record.id;
  return snapshotPlain({
    customers: everything((page) => state.customers.list(page), byId),
    subscriptions: everything((page) => state.subscriptions.list(page), byId),
    invoices: everything((page) => state.invoices.list(page), byId),
    invoiceItems: everything((page) => state.invoiceItems.list(page), byId),
    creditNotes: everything((page) => state.creditNotes.list(page), byId),
    invoiceExtras: Object.fromEntries(account.invoices),
    creditNoteExtras: Object.fromEntries(account.creditNotes),
    changes: state.events.recorded,
  });
}
