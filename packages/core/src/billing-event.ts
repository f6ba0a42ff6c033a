import * as z from 'zod';
import { creditNoteSchema } from './credit-note.js';
import { invoiceSchema } from './invoice.js';

/**
 * The normalized event types (DESIGN §13), a closed union. A provider event billbridge does not
 * normalize is `other`; `providerType` keeps the provider's own name either way.
 */
export const BILLING_EVENT_TYPES = [
  'invoice.finalized',
  'invoice.paid',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'credit_note.created',
  'credit_note.voided',
  'customer_balance.changed',
  'other',
] as const;

/** Schema of {@link BillingEventType}. */
export const billingEventTypeSchema = z.enum(BILLING_EVENT_TYPES);

/** One of {@link BILLING_EVENT_TYPES}. */
export type BillingEventType = z.infer<typeof billingEventTypeSchema>;

/** Schema of {@link BillingEvent}: what `billing.parseWebhook` returns for every provider. */
export const billingEventSchema = z.object({
  /** The provider's event id (`evt_…`, `ev_…`): the same on every delivery of one event. */
  id: z.string().min(1),
  /** `stripe`, `chargebee`, `memory`. */
  provider: z.string(),
  type: billingEventTypeSchema,
  /** The provider's own event name (`invoice.voided`, `invoice_updated`, …). */
  providerType: z.string(),
  /** When the provider says the event happened (ISO 8601). */
  occurredAt: z.string(),
  /** `null` when the provider's event does not say (see docs/webhooks.md). */
  livemode: z.boolean().nullable(),
  /** The API version the payload is rendered in (Stripe's endpoint version; Chargebee `v2`). */
  apiVersion: z.string().nullable(),
  /** The account the event belongs to (Stripe Connect account, Chargebee site); `null` when unknown. */
  accountId: z.string().nullable(),
  /** The invoice, for invoice events, mapped as `getInvoice` maps it. */
  invoice: invoiceSchema.optional(),
  /** The credit note, for credit note events. */
  creditNote: creditNoteSchema.optional(),
  /** The customer the event concerns, when the event names one. */
  customerId: z.string().optional(),
  /** The provider's event object, as delivered. */
  raw: z.unknown(),
});

/** A verified, normalized provider event (DESIGN §13). */
export type BillingEvent = z.infer<typeof billingEventSchema>;
