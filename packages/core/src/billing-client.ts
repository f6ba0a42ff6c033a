import type { BillingEvent } from './billing-event.js';
import type { BillingProvider } from './billing-provider.js';
import type { Capabilities } from './capabilities.js';
import type { CreateCreditNoteInput, CreditNote, VoidCreditNoteOptions } from './credit-note.js';
import type { CustomerBalance, GetCustomerBalanceOptions } from './customer-balance.js';
import type { Invoice } from './invoice.js';
import type { ReadOptions } from './request-options.js';
import type { ReverseInvoiceOptions, ReverseInvoiceResult } from './reverse-invoice.js';
import type {
  SubscriptionBalanceSettings,
  SubscriptionBalanceSettingsInput,
} from './subscription-balance-settings.js';
import type { VoidBlocker } from './void-blocker.js';
import type { VoidInvoiceOptions, VoidInvoiceResult } from './void-invoice.js';
import type { ParseWebhookInput } from './webhook-request.js';

/**
 * What `checkVoidable` found: whether the invoice can be voided now, why not (`blockers`, empty when it
 * can), and the invoice as read.
 */
export interface CheckVoidableResult {
  voidable: boolean;
  blockers: VoidBlocker[];
  invoice: Invoice;
}

/** The one client applications use, whichever provider is configured (DESIGN §2). */
export interface BillingClient {
  /** The provider's name: `stripe`, `chargebee`, `memory`, … */
  readonly provider: string;
  readonly capabilities: Capabilities;
  voidInvoice(invoiceId: string, options?: VoidInvoiceOptions): Promise<VoidInvoiceResult>;
  checkVoidable(invoiceId: string, options?: ReadOptions): Promise<CheckVoidableResult>;
  getInvoice(invoiceId: string, options?: ReadOptions): Promise<Invoice>;
  createCreditNote(input: CreateCreditNoteInput): Promise<CreditNote>;
  getCreditNote(creditNoteId: string, options?: ReadOptions): Promise<CreditNote>;
  listCreditNotes(input: { invoiceId: string; signal?: AbortSignal }): Promise<CreditNote[]>;
  voidCreditNote(creditNoteId: string, options?: VoidCreditNoteOptions): Promise<CreditNote>;
  reverseInvoice(invoiceId: string, options?: ReverseInvoiceOptions): Promise<ReverseInvoiceResult>;
  getCustomerBalance(customerId: string, options?: GetCustomerBalanceOptions): Promise<CustomerBalance>;
  setSubscriptionBalanceSettings(
    subscriptionId: string,
    input: SubscriptionBalanceSettingsInput,
  ): Promise<SubscriptionBalanceSettings>;
  /**
   * Verifies a webhook delivery and normalizes it (DESIGN §13). Pass the raw body exactly as
   * received (`await request.text()`, `express.raw()`), never a parsed object. Throws
   * `WebhookVerificationError` for any delivery that cannot be trusted; makes no request.
   */
  parseWebhook(input: ParseWebhookInput): Promise<BillingEvent>;
  /** The adapter underneath, for provider-specific needs. */
  readonly providerInstance: BillingProvider;
}
