#!/usr/bin/env node
// Extracts the part of Stripe's OpenAPI specs that billbridge's Stripe cassettes touch, so the
// tests of a fresh clone validate cassettes without /work/shared. Run from the repo root:
//
//   node scripts/extract-stripe-spec.mjs [--specs /work/shared/specs]
//
// For each spec it keeps the operations below (path, query parameters, form request body,
// 200 and default responses) and every component schema they reach through `$ref`, with
// descriptions and other prose removed. Nothing else is changed: schemas are copied as published.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argIndex = process.argv.indexOf('--specs');
const specsDir =
  argIndex > 0 ? process.argv[argIndex + 1] : (process.env.STRIPE_SPECS_DIR ?? '/work/shared/specs');
const outDir = join(root, 'test/spec-data/stripe');

/** Which spec file holds which API version (DESIGN §11). */
const specs = [
  {
    file: 'stripe-openapi.json',
    apiVersion: '2023-08-16',
    origin: 'stripe/openapi openapi/spec3.yaml @ 63a6746',
  },
  { file: 'stripe-openapi-2019-11-05.json', apiVersion: '2019-11-05', origin: 'stripe/openapi @ 7ff0c82' },
];

/** The operations the Stripe adapter (and its Checkout helper) calls. */
const operations = [
  ['post', '/v1/invoices/{invoice}/void'],
  ['get', '/v1/invoices/{invoice}'],
  ['post', '/v1/invoices/{invoice}'],
  ['post', '/v1/credit_notes'],
  ['get', '/v1/credit_notes'],
  ['get', '/v1/credit_notes/{id}'],
  ['post', '/v1/credit_notes/{id}/void'],
  ['get', '/v1/customers/{customer}'],
  ['post', '/v1/subscriptions/{subscription_exposed_id}'],
  ['post', '/v1/checkout/sessions'],
  // The emulator's Stripe routes (packages/emulator, docs/emulator.md): its answers are judged too.
  ['get', '/v1/customers'],
  ['post', '/v1/customers'],
  ['post', '/v1/customers/{customer}'],
  ['get', '/v1/customers/{customer}/balance_transactions'],
  ['post', '/v1/customers/{customer}/balance_transactions'],
  ['get', '/v1/customers/{customer}/balance_transactions/{transaction}'],
  ['post', '/v1/customers/{customer}/balance_transactions/{transaction}'],
  ['get', '/v1/invoiceitems'],
  ['post', '/v1/invoiceitems'],
  ['get', '/v1/invoiceitems/{invoiceitem}'],
  ['post', '/v1/invoiceitems/{invoiceitem}'],
  ['delete', '/v1/invoiceitems/{invoiceitem}'],
  ['get', '/v1/invoices'],
  ['post', '/v1/invoices'],
  ['delete', '/v1/invoices/{invoice}'],
  ['post', '/v1/invoices/{invoice}/finalize'],
  ['post', '/v1/invoices/{invoice}/pay'],
  ['post', '/v1/invoices/{invoice}/mark_uncollectible'],
  ['get', '/v1/subscriptions'],
  ['post', '/v1/subscriptions'],
  ['get', '/v1/subscriptions/{subscription_exposed_id}'],
  // Webhook events: the memory provider's and the emulator's deliveries are judged by `event`.
  ['get', '/v1/events/{id}'],
];

const prose = new Set([
  'description',
  'summary',
  'x-stripeResource',
  'x-resourceId',
  'x-stripeOperations',
  'x-expandableFields',
  'x-stripeMostCommon',
]);

/**
 * `value` without its prose. The keys of a `properties` or `encoding` map are field names, not
 * keywords: a field named `description` (an invoice's, a line's, a request's parameter) is kept.
 * Until 2026-12-03 it was dropped with the prose, so no test checked those fields and the emulator
 * refused a 2019-11-05 `description` parameter (docs/provider-schemas.md).
 */
function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    if (prose.has(key)) continue;
    out[key] =
      (key === 'properties' || key === 'encoding') &&
      inner !== null &&
      typeof inner === 'object' &&
      !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).map(([name, field]) => [name, strip(field)]))
        : strip(inner);
  }
  return out;
}

function collectRefs(value, found) {
  if (Array.isArray(value)) {
    for (const inner of value) collectRefs(inner, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.add(inner.replace('#/components/schemas/', ''));
      else collectRefs(inner, found);
    }
  }
}

mkdirSync(outDir, { recursive: true });
for (const spec of specs) {
  const full = JSON.parse(readFileSync(join(specsDir, spec.file), 'utf8'));
  const paths = {};
  for (const [method, path] of operations) {
    const operation = full.paths[path]?.[method];
    if (!operation) throw new Error(`${spec.file}: no ${method.toUpperCase()} ${path}`);
    const form = operation.requestBody?.content?.['application/x-www-form-urlencoded'];
    paths[path] ??= {};
    paths[path][method] = strip({
      operationId: operation.operationId,
      parameters: operation.parameters ?? [],
      ...(form ? { requestBody: { schema: form.schema, encoding: form.encoding ?? {} } } : {}),
      responses: {
        200: operation.responses['200'].content['application/json'].schema,
        default: operation.responses.default.content['application/json'].schema,
      },
    });
  }
  const wanted = new Set();
  collectRefs(paths, wanted);
  const schemas = {};
  const queue = [...wanted];
  while (queue.length) {
    const name = queue.pop();
    if (schemas[name]) continue;
    const schema = full.components.schemas[name];
    if (!schema) throw new Error(`${spec.file}: missing component ${name}`);
    schemas[name] = strip(schema);
    const more = new Set();
    collectRefs(schema, more);
    for (const next of more) if (!schemas[next]) queue.push(next);
  }
  const sorted = Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((name) => [name, schemas[name]]),
  );
  const subset = {
    meta: {
      apiVersion: spec.apiVersion,
      source: `${spec.file} (${spec.origin}), info.version ${full.info.version}`,
      extractedBy: 'node scripts/extract-stripe-spec.mjs',
      note: 'Operations billbridge calls and the component schemas they reference; prose removed, schemas unchanged.',
    },
    paths,
    components: { schemas: sorted },
  };
  const out = join(outDir, `stripe-openapi-${spec.apiVersion}.json`);
  writeFileSync(out, `${JSON.stringify(subset)}\n`);
  console.log(`${out}: ${Object.keys(paths).length} paths, ${Object.keys(sorted).length} schemas`);
}
