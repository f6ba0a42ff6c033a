// Turns TypeScript types (read with the TypeScript compiler API from an SDK's own `.d.ts`) into the
// OpenAPI 3.0 Schema Objects that packages/testing/src/openapi validates against. Used by
// scripts/generate-provider-schemas.mjs for both providers; the rules are in docs/provider-schemas.md:
//
// - a property is required when the type does not mark it optional (`?:`);
// - an object whose type lists its properties and has no index signature gets
//   `additionalProperties: false`; an index signature becomes `additionalProperties: <value schema>`
//   (or `patternProperties` for template-literal keys such as Chargebee's `cf_${string}`);
// - a union of string literals is an exact `enum` (an SDK's "open enum" marker, Stripe's
//   `OtherString`, is dropped and recorded as `x-open-enum`); `| null` is `nullable: true`;
// - named interfaces become `#/components/schemas/<Qualified.Name>` references, anonymous ones inline.
import ts from 'typescript';

/**
 * @param {ts.TypeChecker} checker
 * @param {{
 *   nameOf(symbol: ts.Symbol): string | undefined,
 *   special?(type: ts.Type, name: string | undefined): object | undefined,
 *   indexSignature?(keyType: ts.Type, valueSchema: object, owner: string | undefined): { additionalProperties?: unknown, patternProperties?: Record<string, unknown>, note?: string } | undefined,
 *   skipProperty?(owner: string | undefined, property: string): boolean,
 * }} options
 */
export function createSchemaBuilder(checker, options) {
  /** @type {Record<string, object>} */
  const components = {};
  const building = new Set();

  function namedSymbol(type) {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || symbol.name === '__type' || symbol.name === '__object') return undefined;
    // Generic instantiations (`ApiList<Invoice>`) are inlined: they have no name of their own.
    if (type.aliasTypeArguments?.length) return undefined;
    if (
      !type.aliasSymbol &&
      type.objectFlags & ts.ObjectFlags.Reference &&
      checker.getTypeArguments(type).length
    ) {
      return undefined;
    }
    return symbol;
  }

  function isOpenStringMarker(type) {
    // Stripe's `OtherString = string & Record<never, never>`: a string that admits any value.
    return type.isIntersection() && type.types.some((part) => part.flags & ts.TypeFlags.String);
  }

  /** `void` or `undefined` alone (or a union of only those): a property that is never present. */
  function isAbsent(type) {
    const absent = ts.TypeFlags.Undefined | ts.TypeFlags.Void;
    return type.isUnion()
      ? type.types.every((member) => member.flags & absent)
      : Boolean(type.flags & absent);
  }

  function union(type) {
    let nullable = false;
    let open = false;
    let plainString = false;
    let hasTrue = false;
    let hasFalse = false;
    const literals = [];
    const rest = [];
    for (const member of type.types) {
      const flags = member.flags;
      if (flags & ts.TypeFlags.Null) nullable = true;
      else if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) continue;
      else if (member.isStringLiteral()) literals.push(member.value);
      else if (flags & ts.TypeFlags.BooleanLiteral) {
        if (checker.typeToString(member) === 'true') hasTrue = true;
        else hasFalse = true;
      } else if (isOpenStringMarker(member)) open = true;
      else if (flags & ts.TypeFlags.String) plainString = true;
      else rest.push(member);
    }
    const alternatives = [];
    if (plainString) alternatives.push({ type: 'string' });
    else if (literals.length) {
      alternatives.push({ type: 'string', enum: literals, ...(open ? { 'x-open-enum': true } : {}) });
    } else if (open) alternatives.push({ type: 'string' });
    if (hasTrue && hasFalse) alternatives.push({ type: 'boolean' });
    else if (hasTrue || hasFalse) alternatives.push({ type: 'boolean', enum: [hasTrue] });
    for (const member of rest) alternatives.push(schemaOf(member));
    if (alternatives.length === 0) return nullable ? { nullable: true, enum: [null] } : {};
    if (alternatives.length === 1) {
      const [only] = alternatives;
      if (!nullable) return only;
      return only.$ref ? { anyOf: [only], nullable: true } : { ...only, nullable: true };
    }
    return { anyOf: alternatives, ...(nullable ? { nullable: true } : {}) };
  }

  function objectSchema(type, owner) {
    const properties = {};
    const required = [];
    for (const property of checker.getPropertiesOfType(type)) {
      if (options.skipProperty?.(owner, property.name)) continue;
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (declaration && (ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration))) continue;
      const propertyType = checker.getTypeOfSymbol(property);
      // `deleted?: void` (a live Stripe object): the key is never there. Left out of `properties`,
      // it is refused like any other unknown key; as `{}` it accepted any value.
      if (isAbsent(propertyType)) continue;
      properties[property.name] = schemaOf(propertyType);
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    const schema = { type: 'object', properties };
    if (required.length) schema.required = required;
    const indexes = checker.getIndexInfosOfType(type);
    if (indexes.length === 0) {
      if (Object.keys(properties).length === 0) {
        // An empty interface (Stripe's `Event.Data.Object`): the SDK says nothing about the keys.
        schema['x-open-object'] = true;
      } else schema.additionalProperties = false;
      return schema;
    }
    for (const index of indexes) {
      const valueSchema = schemaOf(index.type);
      const mapped = options.indexSignature?.(index.keyType, valueSchema, owner);
      if (mapped) {
        if (mapped.patternProperties) {
          schema.patternProperties = { ...(schema.patternProperties ?? {}), ...mapped.patternProperties };
        }
        if (mapped.additionalProperties !== undefined)
          schema.additionalProperties = mapped.additionalProperties;
        if (mapped.note) schema['x-index-signature'] = mapped.note;
      } else schema.additionalProperties = valueSchema;
    }
    schema.additionalProperties ??= false;
    return schema;
  }

  function schemaOf(type) {
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    const symbol = namedSymbol(type);
    const name = symbol ? options.nameOf(symbol) : undefined;
    const special = options.special?.(type, name);
    if (special) return special;
    if (type.isUnion()) return union(type);
    if (type.isStringLiteral()) return { type: 'string', enum: [type.value] };
    if (type.isNumberLiteral()) return { type: 'number', enum: [type.value] };
    if (flags & ts.TypeFlags.BooleanLiteral) {
      return { type: 'boolean', enum: [checker.typeToString(type) === 'true'] };
    }
    if (flags & ts.TypeFlags.StringLike) return { type: 'string' };
    if (flags & ts.TypeFlags.NumberLike) return { type: 'number' };
    if (flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (flags & ts.TypeFlags.Null) return { nullable: true, enum: [null] };
    if (flags & ts.TypeFlags.NonPrimitive) return { type: 'object', 'x-open-object': true };
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const [element] = checker.getTypeArguments(type);
      return { type: 'array', items: element ? schemaOf(element) : {} };
    }
    if (isOpenStringMarker(type)) return { type: 'string' };
    if (flags & ts.TypeFlags.Object || type.isIntersection()) {
      if (!name) return objectSchema(type, undefined);
      if (!components[name] && !building.has(name)) {
        building.add(name);
        components[name] = objectSchema(type, name);
        building.delete(name);
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    throw new Error(`unsupported type ${checker.typeToString(type)}`);
  }

  return { schemaOf, components };
}

/** Sorts an object's keys (stable output for checked-in files). */
export function sortedKeys(record) {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}
