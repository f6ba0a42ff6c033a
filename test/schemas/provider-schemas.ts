/**
 * The provider schemas of test/spec-data, by the provider and API version a picture claims, with
 * the allowed departures (schema-departures.ts) of that version applied:
 * - Stripe, the installed SDK's pinned version: generated from the `stripe` package
 *   (stripe-schemas-<version>.json, scripts/generate-provider-schemas.mjs);
 * - Stripe 2019-11-05 (and any version up to 2023-08-15): the published 2019-11-05 spec subset;
 *   2023-08-16: the published 2023-08-16 subset (scripts/extract-stripe-spec.mjs);
 * - Chargebee v2: generated from the `chargebee` package (chargebee-schemas-v2.json).
 * A version with no schema of its own is an error: nothing is judged by another version's schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OpenApiDocument } from '../../packages/testing/src/openapi/index.js';
import { SCHEMA_DEPARTURES, type SchemaDeparture } from './schema-departures.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const specDataDir = join(repoRoot, 'test/spec-data');

export interface ProviderSchemaMeta {
  provider: string;
  sdkVersion?: string;
  apiVersion: string;
}

export interface ProviderSchema {
  /** Which file judges this version. */
  file: string;
  /** The version the file was made for. */
  schemaVersion: string;
  document: OpenApiDocument;
  departures: readonly SchemaDeparture[];
}

function readDocument(file: string): OpenApiDocument {
  return JSON.parse(readFileSync(join(specDataDir, file), 'utf8')) as OpenApiDocument;
}

/** The generated Stripe file (one per SDK) and the API version in its name. */
export function generatedStripeSchemaFile(): { file: string; apiVersion: string } {
  const name = readdirSync(join(specDataDir, 'stripe')).find((entry) => entry.startsWith('stripe-schemas-'));
  if (!name)
    throw new Error(
      'no test/spec-data/stripe/stripe-schemas-*.json: run node scripts/generate-provider-schemas.mjs',
    );
  return { file: `stripe/${name}`, apiVersion: name.slice('stripe-schemas-'.length, -'.json'.length) };
}

export const CHARGEBEE_SCHEMA_FILE = 'chargebee/chargebee-schemas-v2.json';

function schemaFileFor(provider: string, apiVersion: string): { file: string; schemaVersion: string } {
  if (provider === 'chargebee') {
    if (apiVersion !== 'v2') throw new Error(`no Chargebee schema for API ${apiVersion}`);
    return { file: CHARGEBEE_SCHEMA_FILE, schemaVersion: 'v2' };
  }
  if (provider !== 'stripe') throw new Error(`no schemas for provider ${provider}`);
  const generated = generatedStripeSchemaFile();
  if (apiVersion === generated.apiVersion) return { file: generated.file, schemaVersion: apiVersion };
  const date = apiVersion.slice(0, 10);
  if (date === '2023-08-16')
    return { file: 'stripe/stripe-openapi-2023-08-16.json', schemaVersion: '2023-08-16' };
  if (date >= '2019-11-05' && date < '2023-08-16') {
    return { file: 'stripe/stripe-openapi-2019-11-05.json', schemaVersion: '2019-11-05' };
  }
  throw new Error(
    `no Stripe schema of API version ${apiVersion} in test/spec-data (generated: ${generated.apiVersion}; published subsets: 2019-11-05, 2023-08-16)`,
  );
}

/** By provider and API version; and the documents by file and the departures applied to them. */
const cache = new Map<string, ProviderSchema>();
const documents = new Map<string, OpenApiDocument>();

/**
 * The schema judging `provider` at `apiVersion`, departures of that version applied (cached, do not
 * mutate). Versions judged by the same file with the same departures share one parsed document
 * (each parse of the Chargebee file is 1.9 MB of JSON).
 */
export function providerSchemaFor(provider: string, apiVersion: string): ProviderSchema {
  const key = `${provider}@${apiVersion}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const { file, schemaVersion } = schemaFileFor(provider, apiVersion);
  const departures = SCHEMA_DEPARTURES.filter(
    (departure) => departure.provider === provider && departure.appliesTo(apiVersion),
  );
  const documentKey = `${file}\0${departures.map((departure) => departure.id).join('\0')}`;
  let document = documents.get(documentKey);
  if (document === undefined) {
    document = readDocument(file);
    for (const departure of departures) departure.apply(document);
    documents.set(documentKey, document);
  }
  const schema = { file, schemaVersion, document, departures };
  cache.set(key, schema);
  return schema;
}

const metas = new Map<string, ProviderSchemaMeta & { generatedBy: string }>();

/**
 * The generated file's `meta` (which SDK made it), read once per file: from a document
 * `providerSchemaFor` already parsed (departures leave `meta` alone), else from the file.
 */
export function generatedSchemaMeta(file: string): ProviderSchemaMeta & { generatedBy: string } {
  let meta = metas.get(file);
  if (meta === undefined) {
    let parsed: OpenApiDocument | undefined;
    for (const [key, document] of documents) if (key.startsWith(`${file}\0`)) parsed = document;
    meta = (parsed ?? readDocument(file)).meta as unknown as ProviderSchemaMeta & { generatedBy: string };
    metas.set(file, meta);
  }
  return meta;
}
