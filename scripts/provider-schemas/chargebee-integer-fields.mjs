// Integer amounts for the generated Chargebee schemas. chargebee-node's types say `number` for every
// amount (TypeScript has no integer), so a v2 invoice's `amount_due: 99.5` passed. Chargebee's v1
// OpenAPI spec types them `integer`; scripts/extract-chargebee-spec.mjs keeps which fields of the
// modelled resources (and of the objects in their arrays) it types so, and this marks the same
// fields of the v2 schemas. A v2 field v1 does not have (`total`, `promotional_credits`, and every
// credit note's, which v1 has no schema for) keeps `number`.

/** The component an array property's items name (`#/components/schemas/Invoice.LineItem`). */
function itemsComponent(components, property) {
  const ref = property?.type === 'array' ? property.items?.$ref : undefined;
  return ref ? components[ref.split('/').pop()] : undefined;
}

function markFields(schema, fields, label, changed) {
  for (const field of fields) {
    const property = schema?.properties?.[field];
    if (property?.type !== 'number') continue;
    property.type = 'integer';
    changed.push(`${label}.${field}`);
  }
}

/** Sets `type: 'integer'` on the `number` fields v1 types `integer`. Returns the fields it changed. */
export function markChargebeeIntegerFields(components, integerFields) {
  const changed = [];
  for (const [resource, { fields, arrays }] of Object.entries(integerFields)) {
    const schema = components[resource];
    if (!schema) throw new Error(`chargebee integer fields: no ${resource} generated`);
    markFields(schema, fields, resource, changed);
    for (const [array, inner] of Object.entries(arrays)) {
      markFields(
        itemsComponent(components, schema.properties?.[array]),
        inner,
        `${resource}.${array}[]`,
        changed,
      );
    }
  }
  return changed.sort();
}
