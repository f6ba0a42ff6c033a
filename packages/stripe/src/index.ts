export {
  isStripeLiveKey,
  STRIPE_API_HOST,
  STRIPE_API_KEY_PATTERN,
  STRIPE_API_VERSION_PATTERN,
  STRIPE_BALANCE_RETURNED_ON_VOID_SINCE,
  type StripeClientLike,
  type StripeProviderOptions,
  type StripeProviderSettings,
  stripeApiVersionDate,
  stripeCapabilities,
  stripeClientApiVersion,
  stripeProviderOptionsSchema,
  stripeProviderSettingsSchema,
  stripeReturnsBalanceOnVoid,
} from '@billbridge/core';
export { createStripeProvider, type StripeProvider } from './create-stripe-provider.js';
export { mapStripeCreditNote, type StripeCreditNoteSettlement } from './map-stripe-credit-note.js';
export {
  isStripeError,
  type MapStripeErrorOptions,
  mapStripeError,
  parseRetryAfter,
} from './map-stripe-error.js';
export {
  mapStripeEvent,
  STRIPE_EVENT_TYPES,
  STRIPE_WEBHOOK_EVENTS,
  type StripeEventObject,
} from './map-stripe-event.js';
export { mapStripeInvoice, stripeAppliedBalance, stripeVoidBlockers } from './map-stripe-invoice.js';
export {
  type ParseStripeWebhookOptions,
  parseStripeWebhook,
  STRIPE_WEBHOOK_TOLERANCE_SECONDS,
  type StripeWebhooks,
} from './parse-stripe-webhook.js';
export { redactStripeSecrets } from './redact-stripe-secrets.js';
export { resolveStripeApiVersion } from './resolve-stripe-api-version.js';
export { stripeCheckoutBalanceSettings } from './stripe-checkout-balance-settings.js';
export { stripeVoidInvoiceParams } from './stripe-void-invoice-params.js';
export { STRIPE_CREDIT_NOTE_REASON_CODE_KEY, STRIPE_VOID_METADATA_KEYS } from './stripe-void-metadata.js';
