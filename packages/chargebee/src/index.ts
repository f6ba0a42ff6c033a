export {
  CHARGEBEE_HOST_SUFFIX,
  CHARGEBEE_SITE_HEADER,
  type ChargebeeClientLike,
  type ChargebeeProviderOptions,
  type ChargebeeProviderSettings,
  chargebeeCapabilities,
  chargebeeProviderOptionsSchema,
  chargebeeProviderSettingsSchema,
  isChargebeeClient,
  isChargebeeLiveKey,
} from '@billbridge/core';
export {
  type ChargebeeInvoiceStatus,
  chargebeeInvoiceStatusMap,
  mapChargebeeInvoiceStatus,
} from './chargebee-invoice-status.js';
export { chargebeeVoidBlockers } from './chargebee-void-blockers.js';
export {
  CHARGEBEE_IDEMPOTENCY_HEADER,
  type ChargebeeProvider,
  createChargebeeProvider,
} from './create-chargebee-provider.js';
export { mapChargebeeCreditNote } from './map-chargebee-credit-note.js';
export { mapChargebeeCustomerBalance } from './map-chargebee-customer-balance.js';
export {
  type ChargebeeApiErrorLike,
  isChargebeeApiError,
  type MapChargebeeErrorOptions,
  mapChargebeeError,
} from './map-chargebee-error.js';
export {
  CHARGEBEE_WEBHOOK_EVENTS,
  type ChargebeeEventObject,
  chargebeeEventType,
  mapChargebeeEvent,
} from './map-chargebee-event.js';
export { mapChargebeeInvoice } from './map-chargebee-invoice.js';
export { type ParseChargebeeWebhookOptions, parseChargebeeWebhook } from './parse-chargebee-webhook.js';
export { promotionalCreditsApplied } from './promotional-credits-applied.js';
