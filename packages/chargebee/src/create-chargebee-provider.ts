// Long because it holds every do… method of one BillingProvider (or every client method) over one
// shared set of settings and helpers; the performance work of issue 12 kept the hot path in one place.
// Splitting it by method is a follow-up noted on issue 12.
import {
  AbortedError,
  type BillingProvider,
  CHARGEBEE_SITE_HEADER,
  type ChargebeeProviderOptions,
  type ChargebeeProviderSettings,
  type CreditNote,
  type CreditNoteReason,
  chargebeeCapabilities,
  chargebeeEndpoint,
  chargebeeProviderOptionsSchema,
  chargebeeProviderSettingsSchema,
  createAttemptMemo,
  hideFromInspect,
  InvoiceNotVoidableError,
  type ProviderCallContext,
  type ProviderCreateCreditNoteRequest,
  type ProviderVoidInvoiceRequest,
  parseInput,
  UnsupportedOptionError,
  ValidationError,
  type VoidInvoiceResult,
} from '@billbridge/core';
import Chargebee, {
  type CreditNote as ChargebeeCreditNote,
  type Invoice as ChargebeeInvoice,
  type ChargebeeRequestHeader,
} from 'chargebee';
import { chargebeeVoidBlockers } from './chargebee-void-blockers.js';
import { mapChargebeeCreditNote } from './map-chargebee-credit-note.js';
import { mapChargebeeCustomerBalance } from './map-chargebee-customer-balance.js';
import { isChargebeeApiError, mapChargebeeError, redactChargebeeError } from './map-chargebee-error.js';
import { mapChargebeeInvoice } from './map-chargebee-invoice.js';
import { parseChargebeeWebhook } from './parse-chargebee-webhook.js';
import { createTimedFetchClient } from './timed-fetch-client.js';

export interface ChargebeeProvider extends BillingProvider {
  readonly provider: 'chargebee';
  readonly providerOptionsKey: 'chargebee';
  /**
   * The SDK client requests go through (the injected one, or the one built from `site` + `apiKey`).
   * Not enumerable and not printed by `util.inspect` (it holds the API key).
   */
  readonly client: Chargebee;
  /** What the site does on a void (the "Void invoices with credit note" setting), as configured. */
  readonly voidCreatesCreditNote: boolean;
}

/** The header Chargebee reads idempotency keys from (≤ 100 characters). */
export const CHARGEBEE_IDEMPOTENCY_HEADER = 'chargebee-idempotency-key';

/** Stripe's credit note reasons, as Chargebee's (deprecated but accepted) `reason_code` values. */
const reasonCodes: Record<CreditNoteReason, string> = {
  order_change: 'order_change',
  product_unsatisfactory: 'product_unsatisfactory',
  duplicate: 'other',
  fraudulent: 'other',
};

/** Pages of `GET /credit_notes` read at most (100 notes each). */
const MAX_LIST_PAGES = 10;

/**
 * A billbridge provider over the official `chargebee` SDK (v3). Requests go through the SDK with
 * its retries off; the billbridge client owns validation, capabilities, idempotency keys and retries.
 *
 * ```ts
 * const provider = createChargebeeProvider({ site: 'acme-test', apiKey: process.env.CHARGEBEE_API_KEY });
 * const billing = createBillingClient({ provider });
 * ```
 */
export function createChargebeeProvider(settings: ChargebeeProviderSettings): ChargebeeProvider {
  const parsed = parseInput(chargebeeProviderSettingsSchema, settings ?? {}, {
    context: 'createChargebeeProvider',
    provider: 'chargebee',
  });
  if (!parsed.client && (parsed.site === undefined || parsed.apiKey === undefined)) {
    throw new ValidationError({
      issues: [
        ...(parsed.site === undefined
          ? [{ path: 'site', message: 'is required when no client is given' }]
          : []),
        ...(parsed.apiKey === undefined
          ? [{ path: 'apiKey', message: 'is required when no client is given' }]
          : []),
      ],
      provider: 'chargebee',
      context: 'createChargebeeProvider',
    });
  }
  // With `apiBase`, chargebee v3's host (`{site}{hostSuffix}`) is the server's own host, and the
  // configured site name goes in a header on every request instead (CHARGEBEE_SITE_HEADER).
  const apiBase = parsed.apiBase === undefined ? undefined : chargebeeEndpoint(parsed);
  const client: Chargebee =
    (parsed.client as Chargebee | undefined) ??
    new Chargebee({
      site: apiBase ? apiBase.host : parsed.site!,
      apiKey: parsed.apiKey!,
      ...(parsed.timeoutMs !== undefined ? { timeout: parsed.timeoutMs } : {}),
      ...(apiBase
        ? { hostSuffix: '', protocol: apiBase.protocol, port: apiBase.port }
        : {
            ...(parsed.hostSuffix !== undefined ? { hostSuffix: parsed.hostSuffix } : {}),
            ...(parsed.protocol !== undefined ? { protocol: parsed.protocol } : {}),
            ...(parsed.port !== undefined ? { port: parsed.port } : {}),
          }),
      retryConfig: { enabled: false },
      // A timeout that holds on Node 20 (timed-fetch-client.ts). The SDK's telemetry header would
      // now announce a custom transport on each client's first call; off, the wire stays as it was.
      httpClient: createTimedFetchClient(),
      sdkTelemetryEnabled: false,
    });
  const siteHeader: ChargebeeRequestHeader | undefined = apiBase
    ? { [CHARGEBEE_SITE_HEADER]: parsed.site! }
    : undefined;
  /** Headers of the calls that send no idempotency key (reads). */
  const readHeaders: ChargebeeRequestHeader = { ...siteHeader };

  function retrieveCustomer(customerId: string) {
    // chargebee v3's RequestWrapper takes the headers of an id-taking call from its third
    // argument (RequestWrapper.js: `headers = hasIdInUrl ? args[2] : args[1]`); the type of
    // customer.retrieve names them second, where the wrapper would read them as query parameters.
    const retrieve = client.customer.retrieve as unknown as (
      id: string,
      input: undefined,
      headers: ChargebeeRequestHeader,
    ) => ReturnType<Chargebee['customer']['retrieve']>;
    return retrieve.call(client.customer, customerId, undefined, readHeaders);
  }
  if (parsed.client && readInjectedRetries(parsed.client as Chargebee)) {
    // Two retry policies would multiply attempts (and the SDK retries 429s without bound).
    throw new ValidationError({
      issues: [
        {
          path: 'client',
          message:
            'has retryConfig.enabled: turn the SDK retries off; the billbridge client retries (DESIGN §8)',
        },
      ],
      provider: 'chargebee',
      context: 'createChargebeeProvider',
    });
  }
  const secrets = [parsed.apiKey ?? readInjectedApiKey(client)].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length > 0,
  );
  const voidCreatesCreditNote = parsed.voidCreatesCreditNote ?? false;
  const site = parsed.site ?? readInjectedSite(client);
  const webhookOptions = {
    ...(parsed.webhookAuth !== undefined ? { auth: parsed.webhookAuth } : {}),
    ...(site !== undefined ? { site } : {}),
  };
  const capabilities = chargebeeCapabilities({ voidCreatesCreditNote });

  function headers(context: ProviderCallContext, options?: ChargebeeProviderOptions): ChargebeeRequestHeader {
    const out: ChargebeeRequestHeader = { ...siteHeader };
    if (context.idempotencyKey !== undefined) out[CHARGEBEE_IDEMPOTENCY_HEADER] = context.idempotencyKey;
    if (options?.skipEmails) out['chargebee-event-email'] = 'all-disabled';
    if (options?.skipWebhooks) out['chargebee-event-webhook'] = 'all-disabled';
    return out;
  }

  async function send<T>(
    operation: string,
    context: ProviderCallContext,
    mutating: boolean,
    request: () => Promise<T>,
  ): Promise<T> {
    if (context.signal?.aborted) {
      throw new AbortedError({
        provider: 'chargebee',
        message: `chargebee: ${operation} was aborted before it was sent`,
        cause: context.signal.reason,
      });
    }
    try {
      return await request();
    } catch (error) {
      throw mapChargebeeError(error, {
        operation,
        mutating,
        idempotent: context.idempotencyKey !== undefined,
        secrets,
      });
    }
  }

  async function retrieveInvoice(invoiceId: string, context: ProviderCallContext): Promise<ChargebeeInvoice> {
    const response = await send('getInvoice', context, false, () =>
      client.invoice.retrieve(invoiceId, undefined, readHeaders),
    );
    return response.invoice;
  }

  async function refusedVoid(
    invoiceId: string,
    error: unknown,
    context: ProviderCallContext,
  ): Promise<never> {
    const status = isChargebeeApiError(error) ? error.http_status_code : undefined;
    // Kept as the cause below: a key echoed in the refusal must not survive in it.
    redactChargebeeError(error, secrets);
    let raw: ChargebeeInvoice | undefined;
    try {
      // One read, only after Chargebee refused: name the blockers from the invoice's own fields.
      raw = await retrieveInvoice(invoiceId, { attempt: context.attempt, signal: context.signal });
    } catch {
      raw = undefined;
    }
    throw new InvoiceNotVoidableError({
      invoiceId,
      blockers: raw ? chargebeeVoidBlockers(raw) : [],
      ...(raw ? { invoice: mapChargebeeInvoice(raw) } : {}),
      provider: 'chargebee',
      status,
      cause: error,
    });
  }

  async function doVoidInvoice(
    request: ProviderVoidInvoiceRequest,
    context: ProviderCallContext,
  ): Promise<VoidInvoiceResult> {
    if (request.appliedBalance !== 'return') {
      // The client checks capabilities first; this guards direct use of the adapter.
      throw new UnsupportedOptionError({
        option: 'appliedBalance',
        value: request.appliedBalance,
        provider: 'chargebee',
        message:
          'chargebee: a void always adds applied promotional credits back to the customer; consume is not possible. Nothing was sent.',
      });
    }
    const options = request.providerOptions
      ? parseInput(chargebeeProviderOptionsSchema, request.providerOptions, {
          prefix: 'providerOptions.chargebee',
          provider: 'chargebee',
        })
      : undefined;
    const params: { comment?: string; void_reason_code?: string } = {};
    if (request.comment !== undefined) params.comment = request.comment;
    if (request.reasonCode !== undefined) params.void_reason_code = request.reasonCode;
    let response: Awaited<ReturnType<Chargebee['invoice']['voidInvoice']>>;
    try {
      response = await client.invoice.voidInvoice(request.invoiceId, params, headers(context, options));
    } catch (error) {
      if (isChargebeeApiError(error) && error.api_error_code === 'invalid_state_for_request') {
        return refusedVoid(request.invoiceId, error, context);
      }
      throw mapChargebeeError(error, {
        operation: 'voidInvoice',
        mutating: true,
        idempotent: context.idempotencyKey !== undefined,
        secrets,
      });
    }
    const invoice = mapChargebeeInvoice(response.invoice);
    // The mapping's appliedBalance is the promotional credits applied, which a void gives back.
    const applied = invoice.appliedBalance;
    return {
      invoice,
      balanceReturned: applied ? { amount: applied.amount, currency: applied.currency } : null,
      creditNote: response.credit_note ? mapChargebeeCreditNote(response.credit_note) : null,
      warnings: [],
      replayed: isReplayed(response.isIdempotencyReplayed),
      raw: responseBody(response as unknown as Record<string, unknown>),
    };
  }

  /**
   * What is left to credit on the invoice (the mapped `amountCreditable`: what is due, or on a paid
   * invoice its total less the adjustment and issued credit notes), and whether it is paid (which
   * decides the note's type).
   */
  /** What was left to credit when a key's first request read it, for the requests sent again under it. */
  const creditedTotals = createAttemptMemo<{ total: number; paid: boolean }>({ maxAgeMs: 30 * 60_000 });

  async function leftToCredit(
    invoiceId: string,
    context: ProviderCallContext,
  ): Promise<{ total: number; paid: boolean }> {
    const raw = await retrieveInvoice(invoiceId, { attempt: context.attempt, signal: context.signal });
    return { total: mapChargebeeInvoice(raw).amountCreditable.amount, paid: raw.status === 'paid' };
  }

  async function doCreateCreditNote(
    request: ProviderCreateCreditNoteRequest,
    context: ProviderCallContext,
  ): Promise<CreditNote> {
    if (request.refundAmount !== undefined || request.outOfBandAmount !== undefined) {
      throw new UnsupportedOptionError({
        option: request.refundAmount !== undefined ? 'refundAmount' : 'outOfBandAmount',
        value: request.refundAmount ?? request.outOfBandAmount,
        provider: 'chargebee',
        message:
          'chargebee: refunds and out-of-band settlements of a credit note are separate Chargebee calls billbridge does not make; nothing was sent',
      });
    }
    if (
      request.creditAmount !== undefined &&
      request.amount !== undefined &&
      request.creditAmount !== request.amount
    ) {
      throw new UnsupportedOptionError({
        option: 'creditAmount',
        value: request.creditAmount,
        provider: 'chargebee',
        message:
          'chargebee: a credit note is an adjustment of what is due or a refundable note for its whole total, never part of each (creditAmount must equal amount); nothing was sent',
      });
    }
    // The type follows the invoice (DESIGN §4): a paid one gets a `refundable` note, whose amount
    // stays with the customer as refundable credits; an unpaid one an `adjustment` of what is due.
    // A settlement part (`creditAmount`) means a paid invoice. Without an amount the invoice is
    // read for what is left, and its status decides; with an amount and no settlement part no read
    // is made and the note is an adjustment (Chargebee refuses one on a paid invoice: pass
    // `creditAmount` there).
    let type: 'refundable' | 'adjustment' = request.creditAmount !== undefined ? 'refundable' : 'adjustment';
    let total = request.amount ?? request.creditAmount;
    if (total === undefined) {
      // What the first attempt read, on a retry: read again after a first attempt that took effect,
      // the invoice is credited, and the retry would send another note under the same key.
      const left = await creditedTotals.resolve(
        context,
        request.invoiceId,
        () => leftToCredit(request.invoiceId, context),
        (value) => value.total,
      );
      total = left.total;
      if (left.paid) type = 'refundable';
    }
    const params: Parameters<Chargebee['creditNote']['create']>[0] = {
      reference_invoice_id: request.invoiceId,
      type,
      total,
    };
    if (request.reasonCode !== undefined) params.create_reason_code = request.reasonCode;
    else if (request.reason !== undefined)
      params.reason_code = reasonCodes[request.reason] as NonNullable<typeof params.reason_code>;
    if (request.memo !== undefined) params.comment = request.memo;
    const response = await send('createCreditNote', context, true, () =>
      client.creditNote.create(params, headers(context)),
    );
    return mapChargebeeCreditNote(response.credit_note);
  }

  async function doGetCreditNote(creditNoteId: string, context: ProviderCallContext): Promise<CreditNote> {
    const response = await send('getCreditNote', context, false, () =>
      client.creditNote.retrieve(creditNoteId, undefined, readHeaders),
    );
    return mapChargebeeCreditNote(response.credit_note);
  }

  async function doListCreditNotes(
    request: { invoiceId: string },
    context: ProviderCallContext,
  ): Promise<CreditNote[]> {
    const notes: ChargebeeCreditNote[] = [];
    let offset: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const response = await send('listCreditNotes', context, false, () =>
        client.creditNote.list(
          {
            limit: 100,
            reference_invoice_id: { is: request.invoiceId },
            ...(offset !== undefined ? { offset } : {}),
          },
          readHeaders,
        ),
      );
      for (const entry of response.list) notes.push(entry.credit_note);
      offset = response.next_offset;
      if (!offset) break;
    }
    return notes.map(mapChargebeeCreditNote);
  }

  async function doVoidCreditNote(
    creditNoteId: string,
    request: { comment?: string },
    context: ProviderCallContext,
  ): Promise<CreditNote> {
    const params = request.comment !== undefined ? { comment: request.comment } : {};
    const response = await send('voidCreditNote', context, true, () =>
      client.creditNote.voidCreditNote(creditNoteId, params, headers(context)),
    );
    return mapChargebeeCreditNote(response.credit_note);
  }

  const provider: ChargebeeProvider = {
    specificationVersion: 'v1',
    provider: 'chargebee',
    providerOptionsKey: 'chargebee',
    providerOptionsSchema: chargebeeProviderOptionsSchema,
    capabilities,
    client,
    voidCreatesCreditNote,
    doVoidInvoice,
    async doGetInvoice(invoiceId, context) {
      return mapChargebeeInvoice(await retrieveInvoice(invoiceId, context));
    },
    async doCheckVoidable(invoiceId, context) {
      const raw = await retrieveInvoice(invoiceId, context);
      return { invoice: mapChargebeeInvoice(raw), blockers: chargebeeVoidBlockers(raw) };
    },
    doCreateCreditNote,
    doGetCreditNote,
    doListCreditNotes,
    doVoidCreditNote,
    async doGetCustomerBalance(customerId, request, context) {
      const response = await send('getCustomerBalance', context, false, () => retrieveCustomer(customerId));
      return mapChargebeeCustomerBalance(response.customer, request);
    },
    async doSetSubscriptionBalanceSettings(subscriptionId, request) {
      if (request.consumeAppliedBalanceOnVoid) {
        throw new UnsupportedOptionError({
          option: 'consumeAppliedBalanceOnVoid',
          value: true,
          provider: 'chargebee',
          message:
            'chargebee: voided invoices always give applied promotional credits back; there is no setting to consume them. Nothing was sent.',
        });
      }
      // Chargebee already behaves this way and has no such setting: no request (DESIGN §3.2).
      return { subscriptionId, consumeAppliedBalanceOnVoid: false, appliedBy: 'native', raw: null };
    },
    doParseWebhook: (request) => parseChargebeeWebhook(request, webhookOptions),
  };
  // The SDK client holds the key (`_env.apiKey`): not enumerable, not in util.inspect.
  return hideFromInspect(provider, 'ChargebeeProvider', ['client']);
}

/** chargebee v3 reports a replay as the string `"true"` (the header's value); accept a boolean too. */
function isReplayed(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The response body without the SDK's additions (`headers`, `httpStatusCode`, `isIdempotencyReplayed`). */
function responseBody(response: Record<string, unknown>): Record<string, unknown> {
  // A loop, not a rest pattern: V8's rest copy took ~1 µs of a void's ~11 µs (issue 12's profile).
  const body: Record<string, unknown> = {};
  for (const key in response) {
    if (key === 'headers' || key === 'httpStatusCode' || key === 'isIdempotencyReplayed') continue;
    // JSON.parse makes `__proto__` an own key; assigning it would set the copy's prototype instead
    // (docs/decisions.md, "keys that come from outside").
    if (key === '__proto__')
      Object.defineProperty(body, key, {
        value: response[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else body[key] = response[key];
  }
  return body;
}

/** The API key of an injected client, only so that it can be redacted from messages. */
function readInjectedApiKey(client: Chargebee): string | undefined {
  const key = (client as unknown as { _env?: { apiKey?: unknown } })._env?.apiKey;
  return typeof key === 'string' ? key : undefined;
}

/** The site of an injected client (the events' `accountId`). */
function readInjectedSite(client: Chargebee): string | undefined {
  const site = (client as unknown as { _env?: { site?: unknown } })._env?.site;
  return typeof site === 'string' && site !== '' ? site : undefined;
}

/** Whether an injected client was configured with the SDK's own retries on. */
function readInjectedRetries(client: Chargebee): boolean {
  return (
    (client as unknown as { _env?: { retryConfig?: { enabled?: unknown } } })._env?.retryConfig?.enabled ===
    true
  );
}
