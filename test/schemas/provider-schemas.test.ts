import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHARGEBEE_SCHEMA_FILE,
  generatedSchemaMeta,
  generatedStripeSchemaFile,
  providerSchemaFor,
  repoRoot,
} from './provider-schemas.js';

const REGENERATE = 'node scripts/generate-provider-schemas.mjs';

function installedVersion(name: string): string {
  return JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function pinnedVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  return manifest.devDependencies[name];
}

/** Why a generated file is stale, or `undefined`: the SDK it was made from must be the pinned and installed one. */
function staleness(sdk: string, generatedFrom: string, pinned: string, installed: string) {
  const expected = `${sdk}@${installed}`;
  if (pinned !== installed) {
    return `package.json pins ${sdk} ${pinned} but ${installed} is installed: install, then run ${REGENERATE}`;
  }
  if (generatedFrom !== expected) {
    return `the ${sdk} schemas were generated from ${generatedFrom}, the installed SDK is ${expected}: run ${REGENERATE}`;
  }
  return undefined;
}

describe('the generated provider schemas belong to the installed SDKs', () => {
  const stripeFile = generatedStripeSchemaFile();
  const cases: [string, string][] = [
    ['stripe', stripeFile.file],
    ['chargebee', CHARGEBEE_SCHEMA_FILE],
  ];
  for (const [sdk, file] of cases) {
    it(`${file} was made from the pinned ${sdk} package by ${REGENERATE}`, () => {
      const meta = generatedSchemaMeta(file);
      expect(meta.generatedBy).toBe(REGENERATE);
      expect(
        staleness(sdk, meta.sdkVersion ?? '', pinnedVersion(sdk), installedVersion(sdk)),
      ).toBeUndefined();
    });
  }

  it('the Stripe file is named after the API version the installed stripe package pins', async () => {
    const { default: Stripe } = await import('stripe');
    expect(stripeFile.apiVersion).toBe(Stripe.API_VERSION);
    expect(generatedSchemaMeta(stripeFile.file).apiVersion).toBe(Stripe.API_VERSION);
  });

  it('names the script when the SDK was upgraded without regenerating (or pinned without installing)', () => {
    expect(staleness('stripe', 'stripe@23.1.0', '23.2.0', '23.2.0')).toContain(REGENERATE);
    expect(staleness('stripe', 'stripe@23.1.0', '23.2.0', '23.2.0')).toContain('stripe@23.2.0');
    expect(staleness('chargebee', 'chargebee@3.33.0', '3.34.0', '3.33.0')).toContain(REGENERATE);
    expect(staleness('chargebee', 'chargebee@3.33.0', '3.33.0', '3.33.0')).toBeUndefined();
  });

  it('judges each version by its own schema and refuses a version it has none for', () => {
    expect(providerSchemaFor('stripe', stripeFile.apiVersion).file).toBe(stripeFile.file);
    expect(providerSchemaFor('stripe', '2019-11-05').file).toBe('stripe/stripe-openapi-2019-11-05.json');
    expect(providerSchemaFor('stripe', '2023-08-16').file).toBe('stripe/stripe-openapi-2023-08-16.json');
    expect(providerSchemaFor('chargebee', 'v2').file).toBe(CHARGEBEE_SCHEMA_FILE);
    expect(() => providerSchemaFor('stripe', '2025-03-31.basil')).toThrow(/no Stripe schema of API version/);
    expect(() => providerSchemaFor('chargebee', 'v1')).toThrow(/no Chargebee schema/);
  });

  it('the schemas hold what the issue names: types, required fields, exact enums, nullability, expandables', () => {
    const { document } = providerSchemaFor('stripe', stripeFile.apiVersion);
    const schemas = document.components.schemas;
    expect(schemas.Invoice?.additionalProperties).toBe(false);
    expect(schemas.Invoice?.required).toEqual(
      expect.arrayContaining(['amount_overpaid', 'parent', 'issuer']),
    );
    expect(schemas.Invoice?.properties).not.toHaveProperty('paid');
    expect(schemas.CreditNote?.required).toEqual(
      expect.arrayContaining([
        'refunds',
        'pre_payment_amount',
        'post_payment_amount',
        'pretax_credit_amounts',
      ]),
    );
    expect(schemas.CreditNote?.properties?.type).toMatchObject({
      enum: ['mixed', 'post_payment', 'pre_payment'],
    });
    expect(schemas.CreditNote?.properties?.customer_balance_transaction).toMatchObject({
      nullable: true,
      anyOf: [{ type: 'string' }, { $ref: '#/components/schemas/CustomerBalanceTransaction' }],
    });
    for (const path of [
      '/v1/invoices/{id}/void',
      '/v1/credit_notes',
      '/v1/customers/{id}/balance_transactions',
    ]) {
      expect(document.paths[path]?.post, path).toBeDefined();
    }
    const chargebee = providerSchemaFor('chargebee', 'v2').document;
    expect(chargebee.components.schemas['Invoice.LineItem']?.additionalProperties).toBe(false);
    expect(chargebee.paths['/api/v2/invoices/{id}/void']?.post?.requestBody?.schema).toMatchObject({
      additionalProperties: false,
      properties: { comment: { maxLength: 300 }, void_reason_code: { maxLength: 100 } },
    });
    for (const path of [
      '/api/v2/promotional_credits/add',
      '/api/v2/invoices/create_for_charge_items_and_charges',
    ]) {
      expect(chargebee.paths[path]?.post, path).toBeDefined();
    }
  });
});
