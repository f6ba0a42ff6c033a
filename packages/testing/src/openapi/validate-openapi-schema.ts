import type { OpenApiDocument, OpenApiSchema, SchemaIssue } from './openapi-schema.js';

/** Options of `validateOpenApiSchema`: whether values are JSON or form-encoded text. */
export interface ValidateSchemaOptions {
  /**
   * `json`: values are JSON values. `form`: scalars arrive as strings (form-encoded), so
   * `integer`, `number` and `boolean` are checked on their text (`"12"`, `"true"`).
   */
  mode?: 'json' | 'form';
}

const MAX_DEPTH = 64;

/** Resolves `#/components/schemas/<name>`. */
export function resolveSchemaRef(document: OpenApiDocument, ref: string): OpenApiSchema {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref ${ref}`);
  const schema = document.components.schemas[ref.slice(prefix.length)];
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

function checkType(
  schema: OpenApiSchema,
  value: unknown,
  path: string,
  mode: 'json' | 'form',
): SchemaIssue | undefined {
  const type = schema.type;
  if (!type) return undefined;
  const actual = typeOf(value);
  const fail = {
    path: path || '(root)',
    message: `expected ${type}, got ${actual === 'string' ? JSON.stringify(value) : actual}`,
  };
  switch (type) {
    case 'string':
      return actual === 'string' ? undefined : fail;
    case 'integer':
      if (mode === 'form' && actual === 'string') return /^-?\d+$/.test(value as string) ? undefined : fail;
      return actual === 'number' && Number.isInteger(value) ? undefined : fail;
    case 'number':
      if (mode === 'form' && actual === 'string')
        return (value as string).trim() !== '' && Number.isFinite(Number(value)) ? undefined : fail;
      return actual === 'number' ? undefined : fail;
    case 'boolean':
      if (mode === 'form' && actual === 'string')
        return value === 'true' || value === 'false' ? undefined : fail;
      return actual === 'boolean' ? undefined : fail;
    case 'object':
      return actual === 'object' ? undefined : fail;
    case 'array':
      return actual === 'array' ? undefined : fail;
    default:
      return { path: path || '(root)', message: `unsupported schema type ${String(type)}` };
  }
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
 * `maxLength`, `discriminator`; and JSON Schema's `patternProperties`). Returns every issue found; empty means valid. An object schema without
 * `additionalProperties` accepts unknown keys, as OpenAPI says.
 */
export function validateOpenApiSchema(
  document: OpenApiDocument,
  schema: OpenApiSchema,
  value: unknown,
  options: ValidateSchemaOptions & { path?: string } = {},
): SchemaIssue[] {
  return validate(document, schema, value, options.path ?? '', options.mode ?? 'json', 0);
}

function validate(
  document: OpenApiDocument,
  schemaInput: OpenApiSchema,
  value: unknown,
  path: string,
  mode: 'json' | 'form',
  depth: number,
): SchemaIssue[] {
  if (depth > MAX_DEPTH) return [{ path, message: 'schema nesting too deep' }];
  const schema = schemaInput.$ref ? resolveSchemaRef(document, schemaInput.$ref) : schemaInput;
  if (value === null) {
    return schema.nullable ? [] : [{ path: path || '(root)', message: 'must not be null' }];
  }
  if (schema.discriminator && typeof value === 'object' && !Array.isArray(value)) {
    // OpenAPI `discriminator`: the property's value picks the schema (Stripe's typed events by
    // `type`, Chargebee's by `event_type`); `x-discriminator-default` judges any other value.
    const chosen = (value as Record<string, unknown>)[schema.discriminator.propertyName];
    const ref = typeof chosen === 'string' ? schema.discriminator.mapping?.[chosen] : undefined;
    const fallback = schema['x-discriminator-default'] as OpenApiSchema | undefined;
    if (ref) return validate(document, { $ref: ref }, value, path, mode, depth + 1);
    if (fallback) return validate(document, fallback, value, path, mode, depth + 1);
    return [
      {
        path: path || '(root)',
        message: `no schema for ${schema.discriminator.propertyName} ${JSON.stringify(chosen)}`,
      },
    ];
  }
  if (schema.allOf) {
    const issues = schema.allOf.flatMap((part) => validate(document, part, value, path, mode, depth + 1));
    if (issues.length) return issues;
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const options = schema[keyword];
    if (!options) continue;
    const results = options.map((option) => validate(document, option, value, path, mode, depth + 1));
    const matches = results.filter((issues) => issues.length === 0).length;
    // Stripe's specs use oneOf where branches can overlap (e.g. an id string or an expanded
    // object); like most validators of these specs, one match or more is accepted.
    if (matches === 0) {
      const closest = results.reduce((best, issues) => (issues.length < best.length ? issues : best));
      return [
        {
          path: path || '(root)',
          message: `matches none of the ${keyword} alternatives (closest: ${closest.map((issue) => `${issue.path} ${issue.message}`).join('; ')})`,
        },
      ];
    }
  }
  const typeIssue = checkType(schema, value, path, mode);
  if (typeIssue) return [typeIssue];
  if (schema.enum && !enumMatches(schema.enum, value, mode)) {
    return [
      {
        path: path || '(root)',
        message: `must be one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`,
      },
    ];
  }
  if (typeof value === 'string' && typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    return [{ path: path || '(root)', message: `longer than ${schema.maxLength}` }];
  }
  const issues: SchemaIssue[] = [];
  if (Array.isArray(value)) {
    if (schema.items) {
      value.forEach((item, index) => {
        issues.push(
          ...validate(document, schema.items as OpenApiSchema, item, childPath(path, index), mode, depth + 1),
        );
      });
    }
    return issues;
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
      if (!(key in record)) issues.push({ path: childPath(path, key), message: 'is required' });
    }
    const patterns = schema.patternProperties ? Object.entries(schema.patternProperties) : [];
    for (const [key, inner] of Object.entries(record)) {
      const property = schema.properties?.[key];
      const pattern = property ? undefined : patterns.find(([source]) => new RegExp(source, 'u').test(key));
      if (property) {
        issues.push(...validate(document, property, inner, childPath(path, key), mode, depth + 1));
      } else if (pattern) {
        issues.push(...validate(document, pattern[1], inner, childPath(path, key), mode, depth + 1));
      } else if (schema.additionalProperties === false) {
        issues.push({ path: childPath(path, key), message: 'is not a known parameter/property' });
      } else if (typeof schema.additionalProperties === 'object') {
        issues.push(
          ...validate(document, schema.additionalProperties, inner, childPath(path, key), mode, depth + 1),
        );
      }
    }
  }
  return issues;
}
