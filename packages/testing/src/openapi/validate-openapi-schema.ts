import type { OpenApiDocument, OpenApiSchema, SchemaIssue } from './openapi-schema.js';

/** Options of `validateOpenApiSchema`: whether values are JSON or form-encoded text. */
export interface ValidateSchemaOptions {
  /**
   * `json`: values are JSON values. `form`: scalars arrive as strings (form-encoded), so
   * `integer`, `number` and `boolean` are checked on their text (`"12"`, `"true"`).
   */
  mode?: 'json' | 'form';
  /**
   * Judge an object schema that lists its `properties` and says nothing of `additionalProperties`
   * as closed: a key it does not list is an issue, as under `additionalProperties: false`. For
   * output built to a published spec's shape (an emulator's, a fake's), where a field of another
   * API version must not pass; not for recorded traffic, which carries the provider's later,
   * additive fields (OpenAPI lets an object carry fields its schema does not list).
   */
  closedObjects?: boolean;
}

/** How values are read while validating: JSON or form text, open or closed objects. */
interface Reading {
  mode: 'json' | 'form';
  closed: boolean;
}

const MAX_DEPTH = 64;
const SCHEMA_REF_PREFIX = '#/components/schemas/';

/** Resolves `#/components/schemas/<name>`. */
export function resolveSchemaRef(document: OpenApiDocument, ref: string): OpenApiSchema {
  if (!ref.startsWith(SCHEMA_REF_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
  const schema = document.components.schemas[ref.slice(SCHEMA_REF_PREFIX.length)];
  if (!schema) throw new Error(`unresolved $ref ${ref}`);
  return schema;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** A form-encoded `number`: optional minus, digits, optional fraction; no exponent, hex or padding. */
const FORM_NUMBER = /^-?\d+(?:\.\d+)?$/;

function checkType(
  schema: OpenApiSchema,
  value: unknown,
  path: string,
  mode: 'json' | 'form',
): SchemaIssue | undefined {
  const type = schema.type;
  if (!type) return undefined;
  const actual = typeOf(value);
  let matches: boolean;
  switch (type) {
    case 'string':
      matches = actual === 'string';
      break;
    case 'integer':
      matches =
        mode === 'form' && actual === 'string'
          ? /^-?\d+$/.test(value as string)
          : actual === 'number' && Number.isInteger(value);
      break;
    case 'number':
      matches =
        mode === 'form' && actual === 'string'
          ? // Decimal text only: `Number()` read `0x10`, `1e3` and ` 5 ` as numbers.
            FORM_NUMBER.test(value as string)
          : actual === 'number';
      break;
    case 'boolean':
      matches =
        mode === 'form' && actual === 'string' ? value === 'true' || value === 'false' : actual === 'boolean';
      break;
    case 'object':
      matches = actual === 'object';
      break;
    case 'array':
      matches = actual === 'array';
      break;
    default:
      return { path: path || '(root)', message: `unsupported schema type ${String(type)}` };
  }
  // The message is made only for a value that fails: most values pass, and it was made (with
  // JSON.stringify of the value) for every one checked.
  if (matches) return undefined;
  return {
    path: path || '(root)',
    message: `expected ${type}, got ${actual === 'string' ? JSON.stringify(value) : actual}`,
  };
}

/** `patternProperties` keys compiled once each (a schema's patterns are tried on every unknown key). */
const compiledPatterns = new Map<string, RegExp>();

function patternMatches(source: string, key: string): boolean {
  let pattern = compiledPatterns.get(source);
  if (pattern === undefined) {
    pattern = new RegExp(source, 'u');
    compiledPatterns.set(source, pattern);
  }
  return pattern.test(key);
}

/** Stripe's `decimal_string`: digits with an optional sign and fraction, no exponent. */
const DECIMAL_STRING = /^-?\d+(?:\.\d+)?$/;

/**
 * The value keywords on a scalar: `maxLength`, `minLength`, `pattern` and `format: decimal` on a
 * string; `minimum` and `maximum` on a number (in form mode, on the number its text spells).
 */
function checkBounds(schema: OpenApiSchema, value: unknown, mode: 'json' | 'form'): string | undefined {
  if (typeof value === 'string') {
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      return `longer than ${schema.maxLength}`;
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      return `shorter than ${schema.minLength}`;
    if (typeof schema.pattern === 'string' && !patternMatches(schema.pattern, value))
      return `does not match ${schema.pattern}`;
    if (schema.format === 'decimal' && !DECIMAL_STRING.test(value))
      return `not a decimal string: ${JSON.stringify(value)}`;
  }
  if (schema.minimum === undefined && schema.maximum === undefined) return undefined;
  const number =
    typeof value === 'number'
      ? value
      : mode === 'form' && typeof value === 'string'
        ? Number(value)
        : Number.NaN;
  if (Number.isNaN(number)) return undefined;
  if (typeof schema.minimum === 'number' && number < schema.minimum) return `less than ${schema.minimum}`;
  if (typeof schema.maximum === 'number' && number > schema.maximum) return `more than ${schema.maximum}`;
  return undefined;
}

function enumMatches(allowed: unknown[], value: unknown, mode: 'json' | 'form'): boolean {
  return allowed.some((option) =>
    mode === 'form' && typeof value === 'string' && typeof option !== 'string'
      ? String(option) === value
      : option === value,
  );
}

/**
 * Validates `value` against an OpenAPI 3.0 schema (subset: `$ref`, `type`, `properties`,
 * `additionalProperties`, `required`, `nullable`, `enum`, `anyOf`, `oneOf`, `allOf`, `items`,
 * `maxLength`, `minLength`, `pattern`, `minimum`, `maximum`, `format: decimal`, `discriminator`; and
 * JSON Schema's `patternProperties`). Returns every issue found; empty means valid. An object schema without
 * `additionalProperties` accepts unknown keys, as OpenAPI says.
 */
export function validateOpenApiSchema(
  document: OpenApiDocument,
  schema: OpenApiSchema,
  value: unknown,
  options: ValidateSchemaOptions & { path?: string } = {},
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const reading: Reading = { mode: options.mode ?? 'json', closed: options.closedObjects === true };
  validateInto(issues, document, schema, value, options.path ?? '', reading, 0);
  return issues;
}

/**
 * `$ref` targets by document, resolved once each (`resolveSchemaRef` cuts a string on every call),
 * and checked against the document on each use, so a schema replaced since is found again.
 */
const resolvedRefs = new WeakMap<OpenApiDocument, Map<string, { name: string; schema: OpenApiSchema }>>();

function resolveCached(document: OpenApiDocument, ref: string): OpenApiSchema {
  let refs = resolvedRefs.get(document);
  if (refs === undefined) {
    refs = new Map();
    resolvedRefs.set(document, refs);
  }
  const known = refs.get(ref);
  if (known !== undefined && document.components.schemas[known.name] === known.schema) return known.schema;
  const schema = resolveSchemaRef(document, ref);
  refs.set(ref, { name: ref.slice(SCHEMA_REF_PREFIX.length), schema });
  return schema;
}

/**
 * Appends the issues of `value` against `schemaInput` to `issues` (one array for a whole
 * validation, not one per node: most nodes have none).
 */
function validateInto(
  issues: SchemaIssue[],
  document: OpenApiDocument,
  schemaInput: OpenApiSchema,
  value: unknown,
  path: string,
  reading: Reading,
  depth: number,
): void {
  if (depth > MAX_DEPTH) {
    issues.push({ path, message: 'schema nesting too deep' });
    return;
  }
  const schema = schemaInput.$ref ? resolveCached(document, schemaInput.$ref) : schemaInput;
  if (value === null) {
    if (!schema.nullable) issues.push({ path: path || '(root)', message: 'must not be null' });
    return;
  }
  if (schema.discriminator && typeof value === 'object' && !Array.isArray(value)) {
    // OpenAPI `discriminator`: the property's value picks the schema (Stripe's typed events by
    // `type`, Chargebee's by `event_type`); `x-discriminator-default` judges any other value.
    const chosen = (value as Record<string, unknown>)[schema.discriminator.propertyName];
    const mapping = schema.discriminator.mapping;
    const ref =
      typeof chosen === 'string' && mapping && Object.hasOwn(mapping, chosen) ? mapping[chosen] : undefined;
    const fallback = schema['x-discriminator-default'] as OpenApiSchema | undefined;
    if (ref) validateInto(issues, document, { $ref: ref }, value, path, reading, depth + 1);
    else if (fallback) validateInto(issues, document, fallback, value, path, reading, depth + 1);
    else
      issues.push({
        path: path || '(root)',
        message: `no schema for ${schema.discriminator.propertyName} ${JSON.stringify(chosen)}`,
      });
    return;
  }
  if (schema.allOf) {
    const before = issues.length;
    for (const part of schema.allOf) validateInto(issues, document, part, value, path, reading, depth + 1);
    if (issues.length > before) return;
  }
  if (
    schema.anyOf &&
    !matchesOneAlternative(issues, document, schema.anyOf, 'anyOf', value, path, reading, depth)
  )
    return;
  if (
    schema.oneOf &&
    !matchesOneAlternative(issues, document, schema.oneOf, 'oneOf', value, path, reading, depth)
  )
    return;
  const typeIssue = checkType(schema, value, path, reading.mode);
  if (typeIssue) {
    issues.push(typeIssue);
    return;
  }
  // Stripe's `x-stripeBypassValidation`: the server takes values beyond the listed enum.
  if (
    schema.enum &&
    schema['x-stripeBypassValidation'] !== true &&
    !enumMatches(schema.enum, value, reading.mode)
  ) {
    issues.push({
      path: path || '(root)',
      message: `must be one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`,
    });
    return;
  }
  const boundIssue = checkBounds(schema, value, reading.mode);
  if (boundIssue) {
    issues.push({ path: path || '(root)', message: boundIssue });
    return;
  }
  if (Array.isArray(value)) {
    if (schema.items) {
      for (let index = 0; index < value.length; index++) {
        if (!(index in value)) continue; // a hole, as forEach skips it
        validateInto(
          issues,
          document,
          schema.items,
          value[index],
          childPath(path, index),
          reading,
          depth + 1,
        );
      }
    }
    return;
  }
  if (
    typeof value === 'object' &&
    (schema.properties ||
      schema.required ||
      schema.patternProperties ||
      schema.additionalProperties !== undefined)
  ) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(record, key)) issues.push({ path: childPath(path, key), message: 'is required' });
    }
    const patterns = schema.patternProperties;
    const properties = schema.properties;
    for (const key of Object.keys(record)) {
      const inner = record[key];
      // Own properties only: a key called `constructor` or `toString` is not in every schema.
      const property = properties && Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (property) {
        validateInto(issues, document, property, inner, childPath(path, key), reading, depth + 1);
        continue;
      }
      const pattern = patterns ? patternFor(patterns, key) : undefined;
      if (pattern) {
        validateInto(issues, document, pattern, inner, childPath(path, key), reading, depth + 1);
      } else if (
        schema.additionalProperties === false ||
        (reading.closed && properties !== undefined && schema.additionalProperties === undefined)
      ) {
        issues.push({ path: childPath(path, key), message: 'is not a known parameter/property' });
      } else if (typeof schema.additionalProperties === 'object') {
        validateInto(
          issues,
          document,
          schema.additionalProperties,
          inner,
          childPath(path, key),
          reading,
          depth + 1,
        );
      }
    }
  }
}

/** The schema of the first of `patterns` (`patternProperties`) whose pattern matches `key`. */
function patternFor(patterns: Record<string, OpenApiSchema>, key: string): OpenApiSchema | undefined {
  for (const source in patterns) {
    if (patternMatches(source, key)) return patterns[source];
  }
  return undefined;
}

/**
 * `anyOf` / `oneOf`: whether `value` matches at least one alternative. Stripe's specs use oneOf
 * where branches can overlap (e.g. an id string or an expanded object); like most validators of
 * these specs, one match or more is accepted. When none matches, one issue naming the closest
 * alternative's issues is appended.
 */
function matchesOneAlternative(
  issues: SchemaIssue[],
  document: OpenApiDocument,
  alternatives: readonly OpenApiSchema[],
  keyword: 'anyOf' | 'oneOf',
  value: unknown,
  path: string,
  reading: Reading,
  depth: number,
): boolean {
  let closest: SchemaIssue[] | undefined;
  for (const alternative of alternatives) {
    const found: SchemaIssue[] = [];
    validateInto(found, document, alternative, value, path, reading, depth + 1);
    if (found.length === 0) return true;
    if (closest === undefined || found.length < closest.length) closest = found;
  }
  issues.push({
    path: path || '(root)',
    message: `matches none of the ${keyword} alternatives (closest: ${(closest ?? []).map((issue) => `${issue.path} ${issue.message}`).join('; ')})`,
  });
  return false;
}
