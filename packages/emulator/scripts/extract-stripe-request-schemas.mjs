#!/usr/bin/env node
// The request schemas the emulator validates Stripe parameters against, taken from the provider
// schemas in test/spec-data (the generated stripe-node 23 schema for 2026-10-28.endive, the
// published 2019-11-05 subset), for the operations the emulator serves. Run from the repo root:
//
//   node packages/emulator/scripts/extract-stripe-request-schemas.mjs
//
// Writes packages/emulator/src/stripe/request-schemas/stripe-request-schemas.json: per API version,
// per operation (`POST /v1/invoices/*/void`, path parameters as `*`), the form body schema and
// the query parameters, plus every component schema they reach. A test fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const out = join(root, 'packages/emulator/src/stripe/request-schemas/stripe-request-schemas.json');

export const EMULATED_OPERATIONS = [
  'GET /v1/customers',
  'POST /v1/customers',
  'GET /v1/customers/*',
  'POST /v1/customers/*',
  'GET /v1/customers/*/balance_transactions',
  'POST /v1/customers/*/balance_transactions',
  'GET /v1/customers/*/balance_transactions/*',
  'POST /v1/customers/*/balance_transactions/*',
  'GET /v1/invoiceitems',
  'POST /v1/invoiceitems',
  'GET /v1/invoiceitems/*',
  'POST /v1/invoiceitems/*',
  'DELETE /v1/invoiceitems/*',
  'GET /v1/invoices',
  'POST /v1/invoices',
  'GET /v1/invoices/*',
  'POST /v1/invoices/*',
  'DELETE /v1/invoices/*',
  'POST /v1/invoices/*/finalize',
  'POST /v1/invoices/*/pay',
  'POST /v1/invoices/*/mark_uncollectible',
  'POST /v1/invoices/*/void',
  'GET /v1/credit_notes',
  'POST /v1/credit_notes',
  'GET /v1/credit_notes/*',
  'POST /v1/credit_notes/*/void',
  'GET /v1/subscriptions',
  'POST /v1/subscriptions',
  'GET /v1/subscriptions/*',
  'POST /v1/subscriptions/*',
];

const sources = [
  { apiVersion: '2026-10-28.endive', file: 'test/spec-data/stripe/stripe-schemas-2026-10-28.endive.json' },
  { apiVersion: '2019-11-05', file: 'test/spec-data/stripe/stripe-openapi-2019-11-05.json' },
];

const keyOf = (method, template) => `${method.toUpperCase()} ${template.replace(/\{[^}]+\}/g, '*')}`;

function collectRefs(value, found) {
  if (Array.isArray(value)) for (const inner of value) collectRefs(inner, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.add(inner.replace('#/components/schemas/', ''));
      else collectRefs(inner, found);
    }
  }
}

const result = {
  meta: { generatedBy: 'node packages/emulator/scripts/extract-stripe-request-schemas.mjs' },
  versions: {},
};
for (const source of sources) {
  const document = JSON.parse(readFileSync(join(root, source.file), 'utf8'));
  const byKey = new Map();
  for (const [template, operations] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(operations))
      byKey.set(keyOf(method, template), operation);
  const operations = {};
  for (const key of EMULATED_OPERATIONS) {
    const operation = byKey.get(key);
    if (!operation) throw new Error(`${source.file}: no ${key}`);
    const query = {};
    for (const parameter of operation.parameters ?? [])
      if (parameter.in === 'query')
        query[parameter.name] = { schema: parameter.schema ?? {}, required: parameter.required === true };
    operations[key] = { body: operation.requestBody?.schema ?? null, query };
  }
  const wanted = new Set();
  collectRefs(operations, wanted);
  const components = {};
  const queue = [...wanted];
  while (queue.length) {
    const name = queue.pop();
    if (components[name]) continue;
    const schema = document.components.schemas[name];
    if (!schema) throw new Error(`${source.file}: missing component ${name}`);
    components[name] = schema;
    const more = new Set();
    collectRefs(schema, more);
    for (const next of more) if (!components[next]) queue.push(next);
  }
  const sorted = Object.fromEntries(
    Object.keys(components)
      .sort()
      .map((name) => [name, components[name]]),
  );
  result.versions[source.apiVersion] = { source: source.file, operations, components: sorted };
}
const text = `${JSON.stringify(result)}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(out, 'utf8');
  if (current !== text) {
    console.error(`${out} is stale: run node packages/emulator/scripts/extract-stripe-request-schemas.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  console.log(`${out}: ${text.length} bytes`);
}
