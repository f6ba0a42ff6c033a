// Long because it holds every do… method of one BillingProvider (or every client method) over one
// shared set of settings and helpers; the performance work of issue 12 kept the hot path in one place.
// Splitting it by method is a follow-up noted on issue 12.
import * as z from 'zod';
import type { BillingClient } from './billing-client.js';
import type {
  BillingProvider,
  ProviderCallContext,
  ProviderCreateCreditNoteRequest,
  ProviderVoidInvoiceRequest,
} from './billing-provider.js';
import type { BillingWarning } from './billing-warning.js';
import {
  type CreditNote,
  createCreditNoteInputSchema,
  listCreditNotesInputSchema,
  voidCreditNoteOptionsSchema,
} from './credit-note.js';
import { creditNoteMadeByVoid } from './credit-note-made-by-void.js';
import { getCustomerBalanceOptionsSchema } from './customer-balance.js';
import { BillingError } from './errors/billing-error.js';
import { InvoiceNotVoidableError } from './errors/invoice-not-voidable-error.js';
import { IdempotencyConflictError } from './errors/simple-errors.js';
import { UnsupportedOptionError } from './errors/unsupported-option-error.js';
import { generateIdempotencyKey } from './idempotency-key.js';
import type { Invoice } from './invoice.js';
import { reversalCandidates, settlePaid } from './paid-invoice-settlement.js';
import { parseInput } from './parse-input.js';
import { isProviderId, providerIdSchema } from './provider-id.js';
import type { ProviderOptions } from './provider-options.js';
import { unrecordedText } from './reconciled-void-warnings.js';
import { idempotencyKeySchema, readOptionsSchema } from './request-options.js';
import {
  defaultRetryRuntime,
  type RetryPolicyInput,
  type RetryRuntime,
  retryAfterFailure,
  retryPolicySchema,
  throwIfAborted,
} from './retry-policy.js';
import { reverseInvoiceOptionsSchema } from './reverse-invoice.js';
import { subscriptionBalanceSettingsInputSchema } from './subscription-balance-settings.js';
import type { AppliedBalanceMode, VoidInvoiceResult } from './void-invoice.js';
import { voidInvoiceOptionsSchema } from './void-invoice.js';
import { normalizeWebhookRequest } from './webhook-request.js';

/**
 * What `createBillingClient` takes: the provider, and optionally the retry policy, the retry runtime
 * (clock, sleep, jitter) and the idempotency key generator.
 */
export interface CreateBillingClientOptions {
  provider: BillingProvider;
  /** Retry policy (DESIGN §8); see `retryPolicySchema` for defaults. */
  retry?: RetryPolicyInput;
  /** Clock, sleep and jitter used by retries; tests inject fake ones. */
  retryRuntime?: RetryRuntime;
  /** Makes idempotency keys for calls that bring none. */
  generateIdempotencyKey?: () => string;
}

const clientOptionsSchema = z.object({
  provider: z.custom<BillingProvider>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      (value as BillingProvider).specificationVersion === 'v1' &&
      typeof (value as BillingProvider).doVoidInvoice === 'function',
    'must be a billbridge provider (createMemoryProvider(), createStripeProvider(), …)',
  ),
  retry: retryPolicySchema.optional(),
  retryRuntime: z
    .custom<RetryRuntime>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as RetryRuntime).sleep === 'function' &&
        typeof (value as RetryRuntime).random === 'function' &&
        typeof (value as RetryRuntime).now === 'function',
      'must have sleep, random and now functions',
    )
    .optional(),
  generateIdempotencyKey: z
    .custom<() => string>((value) => typeof value === 'function', 'must be a function that returns a key')
    .optional(),
});

/**
 * A caller's key generator, its every key held to `idempotencyKeySchema` before the call is sent:
 * a generator that returns nothing (or '') would send a mutating call and its retries without a
 * key, which can void or credit twice (DESIGN §8). Keys billbridge makes itself are not checked.
 */
function checkedKeyGenerator(generate: () => string, provider: string): () => string {
  return () =>
    parseInput(idempotencyKeySchema, generate(), {
      prefix: 'generateIdempotencyKey()',
      context: 'createBillingClient',
      provider,
    });
}

/**
 * Creates the billing client. The client validates every input before the provider sees it,
 * enforces the provider's capabilities, owns idempotency keys (one per logical call, the same on
 * every retry) and the retry policy, and wraps anything that is not a `BillingError`.
 */
export function createBillingClient(options: CreateBillingClientOptions): BillingClient {
  const parsed = parseInput(clientOptionsSchema, options, { context: 'createBillingClient' });
  const provider = parsed.provider;
  const policy = retryPolicySchema.parse(options.retry ?? {});
  const name = provider.provider;
  const makeKey = parsed.generateIdempotencyKey
    ? checkedKeyGenerator(parsed.generateIdempotencyKey, name)
    : generateIdempotencyKey;
  const capabilities = provider.capabilities;

  const runtime = options.retryRuntime ?? defaultRetryRuntime;

  /** The context of a call's first attempt; `AbortedError` when its signal has already aborted. */
  function firstContext(request: { idempotencyKey?: string; signal?: AbortSignal }): ProviderCallContext {
    throwIfAborted(request.signal, undefined, name);
    return { idempotencyKey: request.idempotencyKey, signal: request.signal, attempt: 1 };
  }

  /** After the first attempt (begun at `started`) failed: retries as the policy says (DESIGN §8). */
  function retryFailed<T>(
    operation: string,
    error: unknown,
    context: ProviderCallContext,
    run: (context: ProviderCallContext) => Promise<T>,
    started: number,
  ): Promise<T> {
    return retryAfterFailure(
      error,
      (attempt) => run({ idempotencyKey: context.idempotencyKey, signal: context.signal, attempt }),
      policy,
      {
        signal: context.signal,
        runtime,
        provider: name,
        mapError: (thrown) => wrapUnknownError(thrown, name, operation, context.idempotencyKey !== undefined),
      },
      started,
    );
  }

  async function call<T>(
    operation: string,
    run: (context: ProviderCallContext) => Promise<T>,
    request: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<T> {
    const started = runtime.now();
    const context = firstContext(request);
    try {
      return await run(context);
    } catch (error) {
      return retryFailed(operation, error, context, run, started);
    }
  }

  function id(value: unknown, field: string): string {
    // zod only to explain a refusal: the plain check is the same rules at a tenth of the cost.
    if (isProviderId(value)) return value;
    return parseInput(providerIdSchema, value, { prefix: field, provider: name });
  }

  function providerOptionsFor(all: ProviderOptions | undefined): Record<string, unknown> | undefined {
    const own = all?.[provider.providerOptionsKey];
    if (own === undefined) return undefined;
    if (!provider.providerOptionsSchema) return own;
    return parseInput(provider.providerOptionsSchema, own, {
      prefix: `providerOptions.${provider.providerOptionsKey}`,
      provider: name,
    });
  }

  function unsupported(option: string, value: unknown, detail: string): UnsupportedOptionError {
    return new UnsupportedOptionError({ option, value, provider: name, message: `${name}: ${detail}` });
  }

  function textWarnings(
    reasonCode: string | undefined,
    comment: string | undefined,
  ): readonly BillingWarning[] {
    if (reasonCode === undefined && comment === undefined) return noWarnings;
    const warnings: BillingWarning[] = [];
    if (reasonCode !== undefined && capabilities.voidInvoice.reasonCode === 'none') {
      warnings.push({ code: 'reason_not_recorded', message: `${name} has no place for a void reason code` });
    }
    if (comment !== undefined && capabilities.voidInvoice.comment === 'none') {
      warnings.push({ code: 'comment_not_recorded', message: `${name} has no place for a void comment` });
    }
    return warnings;
  }

  /**
   * A void's provider options (by the provider's schema) and `appliedBalance` (by its
   * capabilities), before any request: `voidInvoice`'s, and `reverseInvoice`'s before its read.
   */
  function checkVoidOptions(voidOptions: {
    providerOptions?: ProviderOptions;
    appliedBalance?: AppliedBalanceMode;
  }) {
    const providerOptions = providerOptionsFor(voidOptions.providerOptions);
    const appliedBalance = voidOptions.appliedBalance ?? 'return';
    if (!capabilities.voidInvoice.appliedBalance.includes(appliedBalance)) {
      throw unsupported(
        'appliedBalance',
        appliedBalance,
        `appliedBalance '${appliedBalance}' is not supported (supported: ${capabilities.voidInvoice.appliedBalance.join(', ') || 'none'}). ` +
          (appliedBalance === 'consume'
            ? 'This provider always returns the applied customer balance when an invoice is voided; nothing was sent.'
            : 'Nothing was sent.'),
      );
    }
    return { providerOptions, appliedBalance };
  }

  async function voidInvoice(invoiceIdInput: unknown, optionsInput?: unknown): Promise<VoidInvoiceResult> {
    const invoiceId = id(invoiceIdInput, 'invoiceId');
    // No options (`voidInvoice(id)`): nothing to parse, `{}` always parses to `{}`.
    const voidOptions =
      optionsInput === undefined || optionsInput === null
        ? noVoidOptions
        : parseInput(voidInvoiceOptionsSchema, optionsInput, { provider: name });
    const { providerOptions, appliedBalance } = checkVoidOptions(voidOptions);
    const idempotencyKey = voidOptions.idempotencyKey ?? makeKey();
    const request: ProviderVoidInvoiceRequest = { invoiceId, appliedBalance };
    if (voidOptions.reasonCode !== undefined) request.reasonCode = voidOptions.reasonCode;
    if (voidOptions.comment !== undefined) request.comment = voidOptions.comment;
    if (providerOptions !== undefined) request.providerOptions = providerOptions;
    const extraWarnings = textWarnings(voidOptions.reasonCode, voidOptions.comment);
    try {
      // The first attempt is made here, not through `call`: the provider's request is then two
      // frames above the caller's, and a successful void runs no retry code (retry-policy.ts).
      const started = runtime.now();
      const context = firstContext({ idempotencyKey, signal: voidOptions.signal });
      let result: VoidInvoiceResult;
      try {
        result = await provider.doVoidInvoice(request, context);
      } catch (error) {
        result = await retryFailed(
          'voidInvoice',
          error,
          context,
          (next) => provider.doVoidInvoice(request, next),
          started,
        );
      }
      return extraWarnings.length ? { ...result, warnings: [...extraWarnings, ...result.warnings] } : result;
    } catch (error) {
      if (!BillingError.isInstance(error) || error.outcome !== 'unknown') throw error;
      // The void may have happened: the provider's own record decides (DESIGN §8).
      const invoice = await reconcile(invoiceId, voidOptions.signal);
      if (invoice?.status !== 'void') throw error;
      return {
        invoice,
        balanceReturned: appliedBalance === 'return' ? invoice.appliedBalance : null,
        creditNote: capabilities.voidInvoice.creditNoteOnVoid
          ? await creditNoteOfVoid(invoice, voidOptions.signal)
          : null,
        warnings: [
          ...extraWarnings,
          {
            code: 'reconciled',
            message: `the void's response was lost (${error.code}); the invoice was read back and is void`,
          },
          ...unrecordedText(invoice, voidOptions, capabilities.voidInvoice),
        ],
        replayed: false,
        raw: invoice.raw,
      };
    }
  }

  async function reconcile(invoiceId: string, signal: AbortSignal | undefined): Promise<Invoice | undefined> {
    try {
      return await call('getInvoice', (context) => provider.doGetInvoice(invoiceId, context), { signal });
    } catch {
      return undefined;
    }
  }

  /** The credit note a reconciled void made, where the provider makes one; `null` when the read fails. */
  async function creditNoteOfVoid(invoice: Invoice, signal: AbortSignal | undefined) {
    try {
      const notes = await call(
        'listCreditNotes',
        (context) => provider.doListCreditNotes({ invoiceId: invoice.id }, context),
        { signal },
      );
      return creditNoteMadeByVoid(notes);
    } catch {
      return null;
    }
  }

  async function checkVoidable(invoiceIdInput: unknown, optionsInput: unknown = {}) {
    const invoiceId = id(invoiceIdInput, 'invoiceId');
    const readOptions = parseInput(readOptionsSchema, optionsInput ?? {}, { provider: name });
    const voidability = await call(
      'checkVoidable',
      (context) => provider.doCheckVoidable(invoiceId, context),
      {
        signal: readOptions.signal,
      },
    );
    return {
      voidable: voidability.blockers.length === 0,
      blockers: voidability.blockers,
      invoice: voidability.invoice,
    };
  }

  async function getInvoice(invoiceIdInput: unknown, optionsInput: unknown = {}) {
    const invoiceId = id(invoiceIdInput, 'invoiceId');
    const readOptions = parseInput(readOptionsSchema, optionsInput ?? {}, { provider: name });
    return call('getInvoice', (context) => provider.doGetInvoice(invoiceId, context), {
      signal: readOptions.signal,
    });
  }

  function checkSettlement(request: ProviderCreateCreditNoteRequest) {
    const supported = capabilities.creditNotes.paidSettlement;
    const parts = [
      ['refundAmount', 'refund', request.refundAmount],
      ['creditAmount', 'credit_balance', request.creditAmount],
      ['outOfBandAmount', 'out_of_band', request.outOfBandAmount],
    ] as const;
    for (const [field, settlement, value] of parts) {
      if (value !== undefined && !supported.includes(settlement)) {
        throw unsupported(
          field,
          value,
          `a credit note cannot be settled as '${settlement}'; nothing was sent`,
        );
      }
    }
  }

  async function createCreditNote(input: unknown) {
    const parsedInput = parseInput(createCreditNoteInputSchema, input, { provider: name });
    const { idempotencyKey, signal, ...request } = parsedInput;
    checkSettlement(request);
    return call('createCreditNote', (context) => provider.doCreateCreditNote(request, context), {
      idempotencyKey: idempotencyKey ?? makeKey(),
      signal,
    });
  }

  async function getCreditNote(creditNoteIdInput: unknown, optionsInput: unknown = {}) {
    const creditNoteId = id(creditNoteIdInput, 'creditNoteId');
    const readOptions = parseInput(readOptionsSchema, optionsInput ?? {}, { provider: name });
    return call('getCreditNote', (context) => provider.doGetCreditNote(creditNoteId, context), {
      signal: readOptions.signal,
    });
  }

  async function listCreditNotes(input: unknown) {
    const { invoiceId, signal } = parseInput(listCreditNotesInputSchema, input, { provider: name });
    return call('listCreditNotes', (context) => provider.doListCreditNotes({ invoiceId }, context), {
      signal,
    });
  }

  async function voidCreditNote(creditNoteIdInput: unknown, optionsInput: unknown = {}) {
    const creditNoteId = id(creditNoteIdInput, 'creditNoteId');
    const { idempotencyKey, signal, comment } = parseInput(voidCreditNoteOptionsSchema, optionsInput ?? {}, {
      provider: name,
    });
    return call(
      'voidCreditNote',
      (context) => provider.doVoidCreditNote(creditNoteId, comment !== undefined ? { comment } : {}, context),
      { idempotencyKey: idempotencyKey ?? makeKey(), signal },
    );
  }

  async function reverseInvoice(invoiceIdInput: unknown, optionsInput: unknown = {}) {
    const invoiceId = id(invoiceIdInput, 'invoiceId');
    const reverseOptions = parseInput(reverseInvoiceOptionsSchema, optionsInput ?? {}, { provider: name });
    const { paid = 'error', reason, ...voidOptions } = reverseOptions;
    if (paid !== 'error' && !capabilities.creditNotes.paidSettlement.includes(paid)) {
      throw unsupported('paid', paid, `a paid invoice cannot be settled as '${paid}'; nothing was sent`);
    }
    // The void's options are refused before the read too, whichever way the reversal then goes
    // (they were checked only on the void path, after the read, and never on the paid one).
    checkVoidOptions(voidOptions);
    const { invoice, blockers } = await checkVoidable(invoiceId, { signal: voidOptions.signal });
    const keyed = voidOptions.idempotencyKey !== undefined;
    // With the caller's key, a retry after a success finds the invoice void: the keyed void goes
    // out again, so the provider replays its result (or refuses, as it would any void of it).
    if (blockers.length === 0 || (keyed && blockers.length === 1 && blockers[0] === 'already_void')) {
      return { action: 'voided' as const, void: await voidInvoice(invoiceId, voidOptions) };
    }
    if (blockers.length !== 1 || blockers[0] !== 'paid' || paid === 'error') {
      throw new InvoiceNotVoidableError({ invoiceId, blockers, invoice, provider: name });
    }
    const credit = (remaining: number, refundable: number) =>
      createCreditNote({
        invoiceId,
        amount: remaining,
        ...settlePaid(paid, remaining, refundable),
        ...(reason !== undefined ? { reason } : {}),
        ...(voidOptions.reasonCode !== undefined ? { reasonCode: voidOptions.reasonCode } : {}),
        ...(voidOptions.comment !== undefined ? { memo: voidOptions.comment } : {}),
        ...(voidOptions.idempotencyKey !== undefined ? { idempotencyKey: voidOptions.idempotencyKey } : {}),
        ...(voidOptions.signal !== undefined ? { signal: voidOptions.signal } : {}),
      });
    const remaining = invoice.amountCreditable.amount;
    if (remaining <= 0) {
      const replayed = keyed ? await replayReversal(invoice, paid, credit, voidOptions.signal) : undefined;
      if (replayed) return { action: 'credited' as const, creditNote: replayed };
      throw new InvoiceNotVoidableError({
        invoiceId,
        blockers,
        invoice,
        provider: name,
        // Nothing credited yet and nothing creditable: what paid it cannot be credited back (on
        // Chargebee, promotional credits paying the whole invoice are booked as a discount).
        message:
          invoice.amountCredited.amount > 0
            ? `invoice ${invoiceId} is paid and already fully credited`
            : `invoice ${invoiceId} is paid and has nothing a credit note can credit (amountCreditable 0, nothing credited: what paid it is not creditable, such as Chargebee promotional credits)`,
      });
    }
    const creditNote = await credit(
      remaining,
      paid === 'refund' ? invoice.amountPaid.amount - (await refundedBefore(invoice, voidOptions.signal)) : 0,
    );
    return { action: 'credited' as const, creditNote };
  }

  /**
   * A keyed `reverseInvoice` retried after it credited `invoice` in full: the request that made the
   * reversal's note is sent again with the same key, so the provider replays it. `undefined` when no
   * note fits or the provider refuses the request as new (the key was not this reversal's). Such a
   * refusal is then kept under that key by the provider, as Stripe keeps any answer to a key: the key
   * is spent, as keys are once they reached the provider.
   */
  async function replayReversal(
    invoice: Invoice,
    paid: 'credit_balance' | 'refund' | 'out_of_band',
    credit: (remaining: number, refundable: number) => Promise<CreditNote>,
    signal: AbortSignal | undefined,
  ): Promise<CreditNote | undefined> {
    const notes = await call(
      'listCreditNotes',
      (context) => provider.doListCreditNotes({ invoiceId: invoice.id }, context),
      { signal },
    );
    // Each try that is not the reversal's request is refused as a conflict, and changes nothing.
    for (const candidate of reversalCandidates(notes, paid, invoice.amountPaid.amount)) {
      try {
        return await credit(candidate.remaining, candidate.refundable);
      } catch (error) {
        // The key was this reversal's, but for another of the notes that fit: try the next.
        if (IdempotencyConflictError.isInstance(error)) continue;
        // Refused as a new request: the key was not this reversal's.
        if (BillingError.isInstance(error) && !error.retryable) return undefined;
        throw error;
      }
    }
    return undefined;
  }

  /**
   * What earlier credit notes on `invoice` refunded, which cannot be refunded again. Read only when
   * something was credited; a refund stays refunded when its note is voided, so void notes count.
   */
  async function refundedBefore(invoice: Invoice, signal: AbortSignal | undefined): Promise<number> {
    if (invoice.amountCredited.amount === 0) return 0;
    const notes = await call(
      'listCreditNotes',
      (context) => provider.doListCreditNotes({ invoiceId: invoice.id }, context),
      { signal },
    );
    return notes.reduce((sum, note) => sum + note.refundAmount, 0);
  }

  async function getCustomerBalance(customerIdInput: unknown, optionsInput: unknown = {}) {
    const customerId = id(customerIdInput, 'customerId');
    const { currency, signal } = parseInput(getCustomerBalanceOptionsSchema, optionsInput ?? {}, {
      provider: name,
    });
    return call(
      'getCustomerBalance',
      (context) =>
        provider.doGetCustomerBalance(customerId, currency !== undefined ? { currency } : {}, context),
      { signal },
    );
  }

  async function setSubscriptionBalanceSettings(subscriptionIdInput: unknown, input: unknown) {
    const subscriptionId = id(subscriptionIdInput, 'subscriptionId');
    const settings = parseInput(subscriptionBalanceSettingsInputSchema, input, { provider: name });
    if (
      !capabilities.subscriptionBalanceSettings.consumeAppliedBalanceOnVoid.includes(
        settings.consumeAppliedBalanceOnVoid,
      )
    ) {
      throw unsupported(
        'consumeAppliedBalanceOnVoid',
        settings.consumeAppliedBalanceOnVoid,
        `consumeAppliedBalanceOnVoid: ${settings.consumeAppliedBalanceOnVoid} cannot be honoured; voided invoices always return the applied balance here. Nothing was sent.`,
      );
    }
    return call(
      'setSubscriptionBalanceSettings',
      (context) =>
        provider.doSetSubscriptionBalanceSettings(
          subscriptionId,
          { consumeAppliedBalanceOnVoid: settings.consumeAppliedBalanceOnVoid },
          context,
        ),
      { idempotencyKey: settings.idempotencyKey ?? makeKey(), signal: settings.signal },
    );
  }

  async function parseWebhook(input: unknown) {
    const parse = provider.doParseWebhook;
    if (parse === undefined || capabilities.webhooks === undefined) {
      throw unsupported('parseWebhook', undefined, 'this provider does not deliver webhooks');
    }
    const request = normalizeWebhookRequest(input, name);
    try {
      return await parse.call(provider, request);
    } catch (error) {
      throw wrapUnknownError(error, name, 'parseWebhook', false);
    }
  }

  return {
    provider: name,
    capabilities,
    providerInstance: provider,
    parseWebhook,
    voidInvoice,
    checkVoidable,
    getInvoice,
    createCreditNote,
    getCreditNote,
    listCreditNotes,
    voidCreditNote,
    reverseInvoice,
    getCustomerBalance,
    setSubscriptionBalanceSettings,
  } as BillingClient;
}

const noWarnings: readonly BillingWarning[] = Object.freeze([]);

/** The parsed options of a `voidInvoice` call that gives none. */
const noVoidOptions: z.output<typeof voidInvoiceOptionsSchema> = Object.freeze({});

/** Anything an adapter lets through that is not a `BillingError` is wrapped; its text is not copied (it may hold secrets). */
function wrapUnknownError(error: unknown, provider: string, operation: string, mutating: boolean): unknown {
  if (BillingError.isInstance(error)) return error;
  const kind = error instanceof Error ? error.name : typeof error;
  return new BillingError({
    message: `${provider}: ${operation} failed unexpectedly (${kind})`,
    code: 'provider_error',
    provider,
    retryable: false,
    outcome: mutating ? 'unknown' : 'failed',
    cause: error,
  });
}
