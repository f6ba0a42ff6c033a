import type { Invoice as ChargebeeInvoice } from 'chargebee';

/**
 * The promotional credits applied to a Chargebee invoice, in minor units.
 *
 * Chargebee applies promotional credits like a discount, before tax (Chargebee support,
 * "Add/deduct promotional credits": "These credits are more like discounts … applied before tax,
 * whereas Adjustment and Refundable Credits are handled the same way as payments"). They appear
 * in the invoice's `discounts[]` with `entity_type: 'promotional_credits'` (SDK type
 * `Invoice.Discount`). `credits_applied` is a different number: refundable credits (credit notes)
 * applied like a payment, listed in `applied_credits[]`; it is not customer balance given back by
 * a void. A void adds the promotional credits back to the customer ("Chargebee adds back any
 * promotional credits that were applied to the invoice to customer.balances.promotional_credits",
 * apidocs.chargebee.com, Void an invoice), so this sum is what a void returns.
 */
export function promotionalCreditsApplied(
  invoice: Pick<ChargebeeInvoice, 'discounts' | 'line_item_discounts'>,
): number {
  let sum = 0;
  for (const discount of invoice.discounts ?? []) {
    if (discount.entity_type === 'promotional_credits') sum += discount.amount;
  }
  if (sum > 0) return sum;
  // A voided invoice may no longer list them in `discounts[]` (Chargebee's older void reference:
  // "Any promotional credits or credit notes applied to the invoice are removed"; docs/chargebee.md):
  // their share of each line stays in `line_item_discounts[]` (`discount_type: promotional_credits`).
  for (const discount of invoice.line_item_discounts ?? []) {
    if (discount.discount_type === 'promotional_credits') sum += discount.discount_amount;
  }
  return sum;
}
