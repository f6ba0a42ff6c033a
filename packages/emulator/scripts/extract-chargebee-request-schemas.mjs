#!/usr/bin/env node
// Copies the request side (body schema, query parameters) of the Chargebee operations the emulator
// serves out of the generated provider schemas (test/spec-data/chargebee/chargebee-schemas-v2.json,
// made from the chargebee package's zod request schemas by scripts/generate-provider-schemas.mjs)
// into packages/emulator/src/chargebee/chargebee-request-schemas.json, which the emulator ships and
// validates every request against. Run it after regenerating the provider schemas:
//
//   node packages/emulator/scripts/extract-chargebee-request-schemas.mjs
//
// packages/emulator/test/chargebee/chargebee-request-schemas.test.ts fails, naming this script,
// while the shipped copy differs from the generated file.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const source = path.join(root, 'test/spec-data/chargebee/chargebee-schemas-v2.json');
const target = path.join(root, 'packages/emulator/src/chargebee/chargebee-request-schemas.json');

/** The operations the emulator serves (DESIGN §14), as `METHOD /api/v2/path/{id}`. */
export const CHARGEBEE_EMULATED_OPERATIONS = [
  'POST /api/v2/customers',
  'GET /api/v2/customers/{id}',
  'POST /api/v2/customers/{id}/record_excess_payment',
  'POST /api/v2/promotional_credits/add',
  'POST /api/v2/promotional_credits/deduct',
  'GET /api/v2/promotional_credits',
  'POST /api/v2/invoices',
  'POST /api/v2/invoices/create_for_charge_items_and_charges',
  'GET /api/v2/invoices/{id}',
  'GET /api/v2/invoices',
  'POST /api/v2/invoices/{id}/record_payment',
  'POST /api/v2/invoices/{id}/void',
  'POST /api/v2/credit_notes',
  'GET /api/v2/credit_notes/{id}',
  'GET /api/v2/credit_notes',
  'POST /api/v2/credit_notes/{id}/void',
];

export function extractChargebeeRequestSchemas(document) {
  const operations = {};
  for (const operation of CHARGEBEE_EMULATED_OPERATIONS) {
    const [method, template] = operation.split(' ');
    const found = document.paths[template]?.[method.toLowerCase()];
    if (!found) throw new Error(`${operation} is not in the generated Chargebee schemas`);
    const query = {};
    for (const parameter of found.parameters ?? []) {
      if (parameter.in === 'query') query[parameter.name] = parameter.schema;
    }
    operations[operation] = {
      operationId: found.operationId,
      ...(found.requestBody ? { body: found.requestBody.schema } : {}),
      query,
    };
  }
  return { sdkVersion: document.meta.sdkVersion, operations };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const extracted = extractChargebeeRequestSchemas(JSON.parse(readFileSync(source, 'utf8')));
  writeFileSync(target, `${JSON.stringify(extracted)}\n`);
  console.log(`${path.relative(root, target)}: ${Object.keys(extracted.operations).length} operations`);
}
