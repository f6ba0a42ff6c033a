// Long because it holds every do… method of one BillingProvider (or every client method) over one
// shared set of settings and helpers; the performance work of issue 12 kept the hot path in one place.
// Splitting it by method is a follow-up noted on issue 12.
import {
  type BillingProvider,
  type BillingWarning,
  type Capabilities,
  ConnectionError,
  type CreditNote,
  type CustomerBalance,
  createAttemptMemo,
  hideFromInspect,
  type Invoice,
  InvoiceNotVoidableError,
  NotFoundError,
  type ProviderCallContext,
  type ProviderCreateCreditNoteRequest,
  type ProviderVoidInvoiceRequest,
  parseInput,
  type StripeProviderSettings,
  type SubscriptionBalanceSettings,
  stripeCapabilities,
  stripeEndpoint,
  stripeProviderOptionsSchema,
  stripeProviderSettingsSchema,
  stripeReturnsBalanceOnVoid,
  UnsupportedOptionError,
  ValidationError,
  type Voidability,
  type VoidInvoiceResult,
} from '@billbridge/core';
import Stripe from 'stripe';
import { mapStripeCreditNote } from './map-stripe-credit-note.js';
import { isStripeError, mapStripeError } from './map-stripe-error.js';
import { mapStripeInvoice, stripeVoidBlockers } from './map-stripe-invoice.js';
import { parseStripeWebhook } from './parse-stripe-webhook.js';
import { resolveStripeApiVersion } from './resolve-stripe-api-version.js';
import type { StripeCreditNoteObject, StripeCustomerObject, StripeInvoiceObject } from './stripe-objects.js';
import { stripeVoidInvoiceParams } from './stripe-void-invoice-params.js';
import { STRIPE_CREDIT_NOTE_REASON_CODE_KEY, STRIPE_VOID_METADATA_KEYS } from './stripe-void-metadata.js';
import { withoutSdkCallSite } from './without-sdk-call-site.js';

export interface StripeProvider extends BillingProvider {
  readonly provider: 'stripe';
  readonly providerOptionsKey: 'stripe';
  /** The API version every request is made with (sent as `Stripe-Version`). */
  readonly apiVersion: string;
  /**
   * The Stripe client requests go through (the injected one, or the one billbridge created).
   * Not enumerable and not printed by `util.inspect` (it holds the API key).
   */
  readonly client: Stripe;
}

/** stripe-node's per-request options (`RequestOptions` in stripe-node's lib.d.ts). */
interface StripeRequestOptions {
  apiVersion?: string;
  maxNetworkRetries?: number;
  idempotencyKey?: string;
}

/** A response from stripe-node: the JSON body, with the HTTP response hidden on `lastResponse`. */
type StripeResponse<T> = T & { lastResponse?: { headers?: Record<string, string | string[] | undefined> } };

/** The largest page Stripe's list endpoints return. */
const PAGE_SIZE = 100;

/**
 * Creates the Stripe provider (DESIGN §3–§8) over the official `stripe` SDK. Pass the `Stripe`
 * client you configured (`client`) or an `apiKey`. Every request carries the resolved
 * `Stripe-Version` and `maxNetworkRetries: 0` (the billbridge client owns retries), and mutating
 * requests carry the client's idempotency key as `Idempotency-Key`.
 */
export function createStripeProvider(settings: StripeProviderSettings): StripeProvider {
  const parsed = parseInput(stripeProviderSettingsSchema, settings, {
    context: 'createStripeProvider',
    provider: 'stripe',
  });
  if (parsed.client === undefined && parsed.apiKey === undefined) {
    throw new ValidationError({
      issues: [{ path: 'apiKey', message: 'is required when no client is given' }],
      provider: 'stripe',
      context: 'createStripeProvider',
    });
  }
  const apiVersion = resolveStripeApiVersion({ apiVersion: parsed.apiVersion, client: parsed.client });
  // Validates the version's date prefix (a typo must never pick a balance behaviour).
  const returnsBalanceOnVoid = stripeReturnsBalanceOnVoid(apiVersion);
  // `apiBase` or host/port/protocol, as stripe-node's options (`undefined`: https://api.stripe.com).
  const endpoint = stripeEndpoint(parsed);
  const client: Stripe =
    (parsed.client as Stripe | undefined) ??
    new Stripe(parsed.apiKey as string, {
      apiVersion: apiVersion as Stripe.StripeConfig['apiVersion'],
      maxNetworkRetries: 0,
      telemetry: false,
      appInfo: { name: 'billbridge' },
      ...endpoint,
      ...(parsed.timeout !== undefined ? { timeout: parsed.timeout } : {}),
    });
  const apiKey = parsed.apiKey;
  const webhookSecrets =
    parsed.webhookSecret === undefined
      ? []
      : typeof parsed.webhookSecret === 'string'
        ? [parsed.webhookSecret]
        : [...parsed.webhookSecret];
  // An injected client's own `webhooks` (same stripe-node), else the installed one's.
  const webhooks = (client as Partial<Stripe>).webhooks ?? Stripe.webhooks;
  const recordByDefault = parsed.recordVoidReasonAsMetadata !== false;
  const capabilities: Capabilities = stripeCapabilities(apiVersion, {
    recordVoidReasonAsMetadata: recordByDefault,
  });

  // The void's form parameters for 'return' (nearly every void) depend only on the API version:
  // worked out once, handed to the SDK as a fresh copy (an injected client of another stripe-node
  // version might change the object it is given).
  const returnVoidParams = stripeVoidInvoiceParams('return', apiVersion);

  // The client billbridge builds is configured with `apiVersion` and `maxNetworkRetries: 0`, so its
  // requests need only their idempotency key (stripe-node normalizes every per-request header it
  // is given, on every request); an injected client may be configured otherwise and gets both.
  const ownClient = parsed.client === undefined;

  function requestOptions(context: ProviderCallContext, keySuffix = ''): StripeRequestOptions | undefined {
    const key = context.idempotencyKey === undefined ? undefined : context.idempotencyKey + keySuffix;
    if (ownClient) return key === undefined ? undefined : { idempotencyKey: key };
    const options: StripeRequestOptions = { apiVersion, maxNetworkRetries: 0 };
    if (key !== undefined) options.idempotencyKey = key;
    return options;
  }

  async function send<T>(operation: string, run: () => Promise<unknown>): Promise<StripeResponse<T>> {
    try {
      return (await withoutSdkCallSite(run)) as StripeResponse<T>;
    } catch (error) {
      throw mapStripeError(error, { operation, ...(apiKey !== undefined ? { apiKey } : {}) });
    }
  }

  async function retrieveInvoice(invoiceId: string, context: ProviderCallContext): Promise<Invoice> {
    const raw = await send<StripeInvoiceObject>('getInvoice', () =>
      client.invoices.retrieve(invoiceId, {}, requestOptions({ attempt: context.attempt })),
    );
    return mapStripeInvoice(raw, apiVersion);
  }

  async function doVoidInvoice(
    request: ProviderVoidInvoiceRequest,
    context: ProviderCallContext,
  ): Promise<VoidInvoiceResult> {
    // Without provider options there is nothing to parse (`{}` always parses to `{}`).
    const options =
      request.providerOptions === undefined
        ? {}
        : parseInput(stripeProviderOptionsSchema, request.providerOptions, {
            prefix: 'providerOptions.stripe',
            provider: 'stripe',
          });
    const params =
      request.appliedBalance === 'return'
        ? { ...returnVoidParams }
        : stripeVoidInvoiceParams(request.appliedBalance, apiVersion);
    let voided: StripeResponse<StripeInvoiceObject>;
    try {
      voided = (await withoutSdkCallSite(() =>
        client.invoices.voidInvoice(
          request.invoiceId,
          // `consume_applied_balance` exists only before 2019-12-03 and is not in the SDK's types.
          params as Stripe.InvoiceVoidInvoiceParams,
          requestOptions(context),
        ),
      )) as StripeResponse<StripeInvoiceObject>;
    } catch (error) {
      throw await refusedVoidError(request.invoiceId, error, context);
    }
    const replayed = headerValue(voided, 'idempotent-replayed') === 'true';
    let invoice = mapStripeInvoice(voided, apiVersion);
    const balanceReturned =
      request.appliedBalance === 'return' && (returnsBalanceOnVoid || 'consume_applied_balance' in params)
        ? invoice.appliedBalance
        : null;
    const warnings: BillingWarning[] = [];
    // The per-call option can only turn recording off; when the setting turned it off, the
    // capabilities say 'none' and the client adds the warnings itself.
    if ((request.reasonCode !== undefined || request.comment !== undefined) && recordByDefault) {
      const text: Record<string, string> = {};
      if (request.reasonCode !== undefined) text[STRIPE_VOID_METADATA_KEYS.reasonCode] = request.reasonCode;
      if (request.comment !== undefined) text[STRIPE_VOID_METADATA_KEYS.comment] = request.comment;
      const recorded: BillingWarning = {
        code: 'recorded_as_metadata',
        message: `stripe has no void reason: recorded as invoice metadata ${Object.keys(text).join(', ')}`,
      };
      if (options.recordVoidReasonAsMetadata === false) {
        warnings.push(...notRecorded(request, 'providerOptions.stripe.recordVoidReasonAsMetadata is false'));
      } else {
        // Written only after Stripe accepted the void, so a refused void never leaves it behind.
        try {
          const updated = await withoutSdkCallSite(() =>
            client.invoices.update(
              request.invoiceId,
              { metadata: text },
              requestOptions(context, ':metadata'),
            ),
          );
          invoice = mapStripeInvoice(updated as unknown as StripeInvoiceObject, apiVersion);
          warnings.push(recorded);
        } catch (error) {
          const mapped = mapStripeError(error, {
            operation: 'voidInvoice (metadata)',
            ...(apiKey ? { apiKey } : {}),
          });
          // The write's answer was lost on the way (it may have been made): the invoice read back
          // says. Until 2026-12-07 such a write was reported failed while the keys were there.
          const readBack = ConnectionError.isInstance(mapped)
            ? await retrieveInvoice(request.invoiceId, context).catch(() => undefined)
            : undefined;
          if (readBack && Object.entries(text).every(([key, value]) => readBack.metadata[key] === value)) {
            invoice = readBack;
            warnings.push(recorded);
          } else {
            warnings.push(
              ...notRecorded(
                request,
                `the invoice was voided but writing its metadata failed: ${mapped.message}`,
              ),
            );
          }
        }
      }
    }
    return { invoice, balanceReturned, creditNote: null, warnings, replayed, raw: voided };
  }

  /** A void Stripe refused with a 400: read the invoice and name the blockers (DESIGN §3.4). */
  async function refusedVoidError(invoiceId: string, error: unknown, context: ProviderCallContext) {
    const mapped = mapStripeError(error, { operation: 'voidInvoice', ...(apiKey ? { apiKey } : {}) });
    const refused =
      isStripeError(error) &&
      error.type === 'StripeInvalidRequestError' &&
      error.statusCode === 400 &&
      error.rawType === 'invalid_request_error';
    if (!refused) return mapped;
    let invoice: Invoice;
    try {
      invoice = await retrieveInvoice(invoiceId, context);
    } catch {
      return mapped;
    }
    const blockers = stripeVoidBlockers(invoice);
    if (blockers.length === 0) return mapped;
    return new InvoiceNotVoidableError({
      invoiceId,
      blockers,
      invoice,
      provider: 'stripe',
      status: mapped.status,
      ...(mapped.requestId !== undefined ? { requestId: mapped.requestId } : {}),
      cause: error,
    });
  }

  async function doGetInvoice(invoiceId: string, context: ProviderCallContext): Promise<Invoice> {
    return retrieveInvoice(invoiceId, context);
  }

  async function doCheckVoidable(invoiceId: string, context: ProviderCallContext): Promise<Voidability> {
    const invoice = await retrieveInvoice(invoiceId, context);
    return { invoice, blockers: stripeVoidBlockers(invoice) };
  }

  /** A credit note's amount worked out for a key, for the requests sent again under it (24 hours: Stripe keeps a key that long). */
  const creditedAmounts = createAttemptMemo<number>({ maxAgeMs: 24 * 60 * 60_000 });

  async function doCreateCreditNote(
    request: ProviderCreateCreditNoteRequest,
    context: ProviderCallContext,
  ): Promise<CreditNote> {
    let amount = request.amount;
    if (amount === undefined) {
      // Stripe needs an amount (or lines): credit what is left to credit. On an open invoice that is
      // its amount_due, less than total minus credited when customer balance was applied (Stripe
      // refuses a pre-payment note over it). Kept for the requests sent again under the key (the
      // call's retries, the caller's own with the same key): read again after a first request that
      // took effect, it would be 0, and Stripe refuses another body under the key.
      amount = await creditedAmounts.resolve(
        context,
        request.invoiceId,
        async () => (await retrieveInvoice(request.invoiceId, context)).amountCreditable.amount,
        (left) => left,
      );
    }
    const params: Stripe.CreditNoteCreateParams = {
      invoice: request.invoiceId,
      amount,
      ...(request.reason !== undefined ? { reason: request.reason } : {}),
      ...(request.memo !== undefined ? { memo: request.memo } : {}),
      ...(request.creditAmount !== undefined ? { credit_amount: request.creditAmount } : {}),
      ...(request.refundAmount !== undefined ? { refund_amount: request.refundAmount } : {}),
      ...(request.outOfBandAmount !== undefined ? { out_of_band_amount: request.outOfBandAmount } : {}),
      ...(request.reasonCode !== undefined
        ? { metadata: { [STRIPE_CREDIT_NOTE_REASON_CODE_KEY]: request.reasonCode } }
        : {}),
    };
    const note = await send<StripeCreditNoteObject>('createCreditNote', () =>
      client.creditNotes.create(params, requestOptions(context)),
    );
    return mapStripeCreditNote(
      note,
      {
        ...(request.creditAmount !== undefined ? { creditAmount: request.creditAmount } : {}),
        ...(request.refundAmount !== undefined ? { refundAmount: request.refundAmount } : {}),
        ...(request.outOfBandAmount !== undefined ? { outOfBandAmount: request.outOfBandAmount } : {}),
      },
      apiVersion,
    );
  }

  async function doGetCreditNote(creditNoteId: string, context: ProviderCallContext): Promise<CreditNote> {
    const note = await send<StripeCreditNoteObject>('getCreditNote', () =>
      client.creditNotes.retrieve(creditNoteId, {}, requestOptions({ attempt: context.attempt })),
    );
    return mapStripeCreditNote(note, {}, apiVersion);
  }

  async function doListCreditNotes(
    request: { invoiceId: string },
    context: ProviderCallContext,
  ): Promise<CreditNote[]> {
    const notes: CreditNote[] = [];
    let startingAfter: string | undefined;
    for (;;) {
      const page = await send<{ data: StripeCreditNoteObject[]; has_more: boolean }>('listCreditNotes', () =>
        client.creditNotes.list(
          {
            invoice: request.invoiceId,
            limit: PAGE_SIZE,
            ...(startingAfter !== undefined ? { starting_after: startingAfter } : {}),
          },
          requestOptions({ attempt: context.attempt }),
        ),
      );
      notes.push(...page.data.map((note) => mapStripeCreditNote(note, {}, apiVersion)));
      const last = page.data.at(-1);
      if (!page.has_more || last === undefined) return notes;
      startingAfter = last.id;
    }
  }

  async function doVoidCreditNote(
    creditNoteId: string,
    _request: { comment?: string },
    context: ProviderCallContext,
  ): Promise<CreditNote> {
    // Stripe's credit note void takes no comment; the client warns nothing here because a credit
    // note void's comment is advisory (Chargebee stores it).
    const note = await send<StripeCreditNoteObject>('voidCreditNote', () =>
      client.creditNotes.voidCreditNote(creditNoteId, {}, requestOptions(context)),
    );
    return mapStripeCreditNote(note, {}, apiVersion);
  }

  async function doGetCustomerBalance(
    customerId: string,
    request: { currency?: string },
    context: ProviderCallContext,
  ): Promise<CustomerBalance> {
    const customer = await send<StripeCustomerObject>('getCustomerBalance', () =>
      client.customers.retrieve(customerId, {}, requestOptions({ attempt: context.attempt })),
    );
    if (customer.deleted) {
      throw new NotFoundError({
        message: `stripe: customer ${customerId} is deleted`,
        provider: 'stripe',
        status: 404,
      });
    }
    const own = customer.currency ?? null;
    const currency = request.currency ?? own ?? 'usd';
    let credit: number;
    let raw = customer;
    if (own === null || own === currency || !hasInvoiceCreditBalance(apiVersion)) {
      // `balance` is in the customer's default currency (negative = credit); a version without
      // `invoice_credit_balance` has no other.
      // Named `account_balance` before 2019-10-17 (read as 0 there until 2026-12-07).
      const balance =
        own === null || own === currency ? (customer.balance ?? customer.account_balance ?? 0) : 0;
      credit = balance === 0 ? 0 : -balance;
    } else {
      // Another currency's balance is in `invoice_credit_balance` (positive = credit), which
      // Stripe includes only when asked (stripe-node's Customer: "For multi-currency balances,
      // see invoice_credit_balance"): one more read, for this case only.
      raw = await send<StripeCustomerObject>('getCustomerBalance', () =>
        client.customers.retrieve(
          customerId,
          { expand: ['invoice_credit_balance'] },
          requestOptions({ attempt: context.attempt }),
        ),
      );
      credit = raw.invoice_credit_balance?.[currency] ?? 0;
    }
    return {
      customerId,
      currency,
      credit,
      breakdown: { promotional: credit, refundable: 0, excessPayments: 0 },
      raw,
    };
  }

  async function doSetSubscriptionBalanceSettings(
    subscriptionId: string,
    request: { consumeAppliedBalanceOnVoid: boolean },
    context: ProviderCallContext,
  ): Promise<SubscriptionBalanceSettings> {
    if (returnsBalanceOnVoid) {
      if (request.consumeAppliedBalanceOnVoid) {
        throw new UnsupportedOptionError({
          option: 'consumeAppliedBalanceOnVoid',
          value: true,
          provider: 'stripe',
          message: `stripe: consumeAppliedBalanceOnVoid: true cannot be honoured on API version ${apiVersion}. Nothing was sent.`,
        });
      }
      return { subscriptionId, consumeAppliedBalanceOnVoid: false, appliedBy: 'native', raw: null };
    }
    const params = {
      invoice_customer_balance_settings: {
        consume_applied_balance_on_void: request.consumeAppliedBalanceOnVoid,
      },
    };
    const subscription = await send<{
      invoice_customer_balance_settings?: { consume_applied_balance_on_void?: boolean } | null;
    }>('setSubscriptionBalanceSettings', () =>
      // `invoice_customer_balance_settings` exists only before 2019-12-03 and is not in the SDK's types.
      client.subscriptions.update(
        subscriptionId,
        params as Stripe.SubscriptionUpdateParams,
        requestOptions(context),
      ),
    );
    const stored = subscription.invoice_customer_balance_settings?.consume_applied_balance_on_void;
    return {
      subscriptionId,
      consumeAppliedBalanceOnVoid: typeof stored === 'boolean' ? stored : request.consumeAppliedBalanceOnVoid,
      appliedBy: 'request',
      raw: subscription,
    };
  }

  const provider: StripeProvider = {
    specificationVersion: 'v1',
    provider: 'stripe',
    providerOptionsKey: 'stripe',
    providerOptionsSchema: stripeProviderOptionsSchema,
    capabilities,
    apiVersion,
    client,
    doVoidInvoice,
    doGetInvoice,
    doCheckVoidable,
    doCreateCreditNote,
    doGetCreditNote,
    doListCreditNotes,
    doVoidCreditNote,
    doGetCustomerBalance,
    doSetSubscriptionBalanceSettings,
    doParseWebhook: (request) =>
      parseStripeWebhook(request, {
        secrets: webhookSecrets,
        webhooks,
        ...(parsed.webhookToleranceSeconds !== undefined
          ? { toleranceSeconds: parsed.webhookToleranceSeconds }
          : {}),
        ...(parsed.now !== undefined ? { now: parsed.now } : {}),
      }),
  };
  // The SDK client holds the key (`_authenticator`): not enumerable, not in util.inspect.
  return hideFromInspect(provider, 'StripeProvider', ['client']);
}

function notRecorded(request: ProviderVoidInvoiceRequest, why: string): BillingWarning[] {
  const warnings: BillingWarning[] = [];
  if (request.reasonCode !== undefined) {
    warnings.push({
      code: 'reason_not_recorded',
      message: `stripe: the void reason code was not recorded (${why})`,
    });
  }
  if (request.comment !== undefined) {
    warnings.push({
      code: 'comment_not_recorded',
      message: `stripe: the void comment was not recorded (${why})`,
    });
  }
  return warnings;
}

function headerValue(response: StripeResponse<unknown>, name: string): string | undefined {
  const value = response.lastResponse?.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether a customer of `apiVersion` has `invoice_credit_balance`: it is in Stripe's 2023-08-16
 * OpenAPI spec and not in 2019-11-05's; versions between are not known here, so they are not asked
 * (a request for an unknown expansion is a 400).
 */
function hasInvoiceCreditBalance(apiVersion: string): boolean {
  return apiVersion.slice(0, 10) >= '2023-08-16';
}
