#!/usr/bin/env node
/**
 * Extracts the part of Chargebee's v1 OpenAPI spec the Chargebee cassette tests need — the error
 * response shapes (components.schemas "400" … "503"), the auth scheme, and which fields of the
 * modelled resources are integers — into
 * test/spec-data/chargebee/openapi-v1-errors.json, so a fresh clone runs without /work/shared.
 * v1 paths differ from v2 and are not copied; success bodies are checked against the chargebee
 * package's own types instead.
 *
 *   node scripts/extract-chargebee-spec.mjs [path/to/chargebee-openapi-v1.json]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source =
  process.argv[2] ?? process.env.CHARGEBEE_OPENAPI ?? '/work/shared/specs/chargebee-openapi-v1.json';
const target = path.join(root, 'test/spec-data/chargebee/openapi-v1-errors.json');

const spec = JSON.parse(readFileSync(source, 'utf8'));
const statuses = Object.keys(spec.components.schemas).filter((name) => /^\d{3}$/.test(name));

/** Keeps what validation needs: types, enums, required; drops prose and examples. */
function trim(schema) {
  if (Array.isArray(schema)) return schema.map(trim);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || key === 'example') continue;
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trim(v)]))
        : trim(value);
  }
  return out;
}

/** A v1 schema with its `$ref` followed (v1 names its shared types, e.g. `Timestamp`). */
function resolved(schema) {
  return schema?.$ref ? spec.components.schemas[schema.$ref.split('/').pop()] : schema;
}

/** The fields a schema types `integer`. */
function integerFieldsOf(schema) {
  return Object.entries(schema?.properties ?? {})
    .filter(([, field]) => resolved(field)?.type === 'integer')
    .map(([name]) => name)
    .sort();
}

/**
 * Which fields of the resources billbridge models v1 types `integer`, and of the objects in their
 * arrays (`line_items`, …). chargebee-node's types say `number` for every amount (TypeScript has
 * no integer); the generator marks the same fields of v2's schemas integer from this.
 */
const INTEGER_RESOURCES = ['Invoice', 'CreditNote', 'Customer', 'Subscription', 'Transaction'];
const integerFields = {};
for (const name of INTEGER_RESOURCES) {
  const schema = spec.components.schemas[name];
  if (!schema) continue;
  const arrays = {};
  for (const [field, value] of Object.entries(schema.properties ?? {})) {
    const array = resolved(value);
    if (array?.type !== 'array') continue;
    const inner = integerFieldsOf(resolved(array.items));
    if (inner.length > 0) arrays[field] = inner;
  }
  integerFields[name] = { fields: integerFieldsOf(schema), arrays };
}

const extract = {
  source: {
    file: 'shared/specs/chargebee-openapi-v1.json (chargebee/openapi)',
    title: spec.info.title,
    version: spec.info.version,
    apiVersion: spec.info['x-cb-api-version'],
  },
  errors: Object.fromEntries(statuses.map((status) => [status, trim(spec.components.schemas[status])])),
  securitySchemes: spec.components.securitySchemes,
  integerFields,
};

mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(extract, null, 2)}\n`);
console.log(`wrote ${path.relative(root, target)} (${statuses.join(', ')})`);
