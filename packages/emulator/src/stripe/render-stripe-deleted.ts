/**
 * Stripe's answer to deleting an object (a draft invoice, an invoice item): `{ id, object, deleted:
 * true }`. Only the emulator's DELETE routes answer with one.
 */
export function renderStripeDeleted(object: 'invoice' | 'invoiceitem', id: string) {
  return { id, object, deleted: true };
}
