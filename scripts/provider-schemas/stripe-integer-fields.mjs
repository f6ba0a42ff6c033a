// Integer amounts for the generated Stripe schemas. stripe-node's .d.ts types every amount as
// `number` (TypeScript has no integer), so the schema made from it took `1199.5` as an invoice's
// `amount_due`. Stripe's published OpenAPI spec says which fields are integers; the newest one in
// test/spec-data (2023-08-16, extracted from /work/shared/specs) is read here. A field of one of the
// resources below that the published spec types `integer` becomes `integer` in the generated schema
// too; fields the published spec does not have (added since) keep `number`.

/** The generated component (stripe-node's type name) and the published spec's name for it. */
const RESOURCES = {
  Invoice: 'invoice',
  InvoiceLineItem: 'line_item',
  InvoiceItem: 'invoiceitem',
  CreditNote: 'credit_note',
  CreditNoteLineItem: 'credit_note_line_item',
  Customer: 'customer',
  CustomerBalanceTransaction: 'customer_balance_transaction',
  Subscription: 'subscription',
  SubscriptionItem: 'subscription_item',
  Price: 'price',
};

/** `integer` when the published property is one (directly, nullable, or as its only non-string alternative). */
function publishedType(schema) {
  if (!schema) return undefined;
  if (schema.type) return schema.type;
  const alternatives = schema.anyOf ?? schema.oneOf;
  const typed = alternatives?.filter((alternative) => alternative.type && alternative.type !== 'string');
  return typed?.length === 1 ? typed[0].type : undefined;
}

/**
 * Sets `type: 'integer'` on the `number` properties of `components` that `published` (an OpenAPI
 * document of Stripe's) types `integer`, resource by resource. Returns the fields it changed.
 */
export function markStripeIntegerFields(components, published) {
  const changed = [];
  for (const [generated, name] of Object.entries(RESOURCES)) {
    const target = components[generated];
    const source = published.components.schemas[name];
    if (!target?.properties || !source?.properties) {
      throw new Error(`stripe integer fields: no ${generated} generated or no ${name} published`);
    }
    for (const [field, schema] of Object.entries(target.properties)) {
      if (schema.type !== 'number') continue;
      if (publishedType(source.properties[field]) !== 'integer') continue;
      schema.type = 'integer';
      changed.push(`${generated}.${field}`);
    }
  }
  return changed.sort();
}
