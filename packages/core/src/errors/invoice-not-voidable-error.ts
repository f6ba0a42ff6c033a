import type { Invoice } from '../invoice.js';
import type { VoidBlocker } from '../void-blocker.js';
import { BillingError, type BillingErrorOptions, brand, hasMarker } from './billing-error.js';

const marker = 'billbridge.error.InvoiceNotVoidableError';

/** The provider refused the void, or billbridge knows it would; `blockers` says why. */
export class InvoiceNotVoidableError extends BillingError {
  readonly invoiceId: string;
  readonly blockers: readonly VoidBlocker[];
  /** The invoice as read after the refusal, when it could be read. */
  readonly invoice: Invoice | undefined;

  constructor(
    options: Omit<BillingErrorOptions, 'code' | 'message'> & {
      invoiceId: string;
      blockers: readonly VoidBlocker[];
      invoice?: Invoice;
      message?: string;
    },
  ) {
    const named = options.blockers.length > 0 ? options.blockers.join(', ') : 'unknown reason';
    super({
      retryable: false,
      outcome: 'failed',
      ...options,
      message: options.message ?? `invoice ${options.invoiceId} cannot be voided: ${named}`,
      code: 'invoice_not_voidable',
    });
    this.name = 'InvoiceNotVoidableError';
    brand(this, marker);
    this.invoiceId = options.invoiceId;
    this.blockers = options.blockers;
    this.invoice = options.invoice;
  }

  static override isInstance(error: unknown): error is InvoiceNotVoidableError {
    return hasMarker(error, marker);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), invoiceId: this.invoiceId, blockers: this.blockers };
  }
}
