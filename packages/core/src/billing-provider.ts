import type * as z from 'zod';
import type { BillingEvent } from './billing-event.js';
import type { Capabilities } from './capabilities.js';
import type { CreditNote, CreditNoteReason } from './credit-note.js';
import type { CustomerBalance } from './customer-balance.js';
import type { Invoice } from './invoice.js';
import type { SubscriptionBalanceSettings } from './subscription-balance-settings.js';
import type { VoidBlocker } from './void-blocker.js';
import type { AppliedBalanceMode, VoidInvoiceResult } from './void-invoice.js';
import type { ProviderWebhookRequest } from './webhook-request.js';

/** Per-attempt context the client hands a provider. The idempotency key is the same on every attempt. */
export interface ProviderCallContext {
  /** Set on mutating calls. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
}

/** A void, validated and with defaults resolved by the client. */
export interface ProviderVoidInvoiceRequest {
  invoiceId: string;
  appliedBalance: AppliedBalanceMode;
  reasonCode?: string;
  comment?: string;
  /** This provider's namespace of `providerOptions`, parsed by its `providerOptionsSchema`. */
  providerOptions?: Record<string, unknown>;
}

/** A credit note, validated by the client. */
export interface ProviderCreateCreditNoteRequest {
  invoiceId: string;
  amount?: number;
  reason?: CreditNoteReason;
  reasonCode?: string;
  memo?: string;
  creditAmount?: number;
  refundAmount?: number;
  outOfBandAmount?: number;
}

/**
 * A provider's answer to `doCheckVoidable`: the invoice as read and why it cannot be voided (empty: it
 * can).
 */
export interface Voidability {
  invoice: Invoice;
  blockers: VoidBlocker[];
}

/**
 * The contract a provider adapter implements. Types only. Methods are prefixed `do…` so that
 * applications call the client (which validates, checks capabilities, owns idempotency keys and
 * retries) and never the adapter directly. Adapters map faithfully and throw `BillingError`s.
 */
export interface BillingProvider {
  readonly specificationVersion: 'v1';
  /** `stripe`, `chargebee`, `memory`, … */
  readonly provider: string;
  /** The `providerOptions` namespace this provider reads (`stripe`, `chargebee`). */
  readonly providerOptionsKey: string;
  /** Strict schema for this provider's namespace of `providerOptions`. */
  readonly providerOptionsSchema?: z.ZodType<Record<string, unknown>>;
  readonly capabilities: Capabilities;

  doVoidInvoice(
    request: ProviderVoidInvoiceRequest,
    context: ProviderCallContext,
  ): Promise<VoidInvoiceResult>;
  doGetInvoice(invoiceId: string, context: ProviderCallContext): Promise<Invoice>;
  /** Reads the invoice and names what blocks a void. Never changes anything. */
  doCheckVoidable(invoiceId: string, context: ProviderCallContext): Promise<Voidability>;
  doCreateCreditNote(
    request: ProviderCreateCreditNoteRequest,
    context: ProviderCallContext,
  ): Promise<CreditNote>;
  doGetCreditNote(creditNoteId: string, context: ProviderCallContext): Promise<CreditNote>;
  doListCreditNotes(request: { invoiceId: string }, context: ProviderCallContext): Promise<CreditNote[]>;
  doVoidCreditNote(
    creditNoteId: string,
    request: { comment?: string },
    context: ProviderCallContext,
  ): Promise<CreditNote>;
  doGetCustomerBalance(
    customerId: string,
    request: { currency?: string },
    context: ProviderCallContext,
  ): Promise<CustomerBalance>;
  doSetSubscriptionBalanceSettings(
    subscriptionId: string,
    request: { consumeAppliedBalanceOnVoid: boolean },
    context: ProviderCallContext,
  ): Promise<SubscriptionBalanceSettings>;
  /**
   * Verifies one webhook delivery (signature, Basic auth, timestamp, API version) and maps it to a
   * `BillingEvent`; every refusal is a `WebhookVerificationError`. Makes no request. Optional: a
   * provider without webhooks leaves it out (and `capabilities.webhooks` with it).
   */
  doParseWebhook?(request: ProviderWebhookRequest): Promise<BillingEvent>;
}
