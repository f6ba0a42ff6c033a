/**
 * Pure renderers of the memory provider's records in the providers' own shapes, per API version:
 * what its `raw` objects and the HTTP emulator answer with. Each output is valid against the
 * schema of test/spec-data for that provider and version (docs/provider-schemas.md).
 */
export { renderChargebeeCreditNote } from './render-chargebee-credit-note.js';
export { renderChargebeeCustomer } from './render-chargebee-customer.js';
export { renderChargebeeInvoice } from './render-chargebee-invoice.js';
export { renderChargebeePromotionalCredit } from './render-chargebee-promotional-credit.js';
export { chargebeeCreditNoteStatus, chargebeeInvoiceStatusWords } from './render-chargebee-status.js';
export {
  type RawObject,
  renderCreditNoteRaw,
  renderCustomerRaw,
  renderInvoiceRaw,
  renderVoidResponseRaw,
} from './render-raw.js';
export {
  renderStripeCreditNote,
  type StripeCreditNoteLine,
  type StripeCreditNotePresentation,
} from './render-stripe-credit-note.js';
export { renderStripeCustomer, type StripeCustomerPresentation } from './render-stripe-customer.js';
export {
  renderStripeInvoice,
  type StripeInvoicePresentation,
  stripeInvoiceLineId,
} from './render-stripe-invoice.js';
export { renderStripeInvoiceItem } from './render-stripe-invoice-item.js';
export { renderStripeList } from './render-stripe-list.js';
export { renderStripeSubscription } from './render-stripe-subscription.js';
