import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Cassette } from '@billbridge/testing';
import {
  type OpenApiDocument,
  type OpenApiSchema,
  type SchemaIssue,
  validateOpenApiExchange,
} from '../../../packages/testing/src/openapi/index.js';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const stripeCassetteDir = join(repoRoot, 'test/cassettes/stripe');
const specDir = join(repoRoot, 'test/spec-data/stripe');

/** The spec versions kept in the repo (scripts/extract-stripe-spec.mjs), oldest first. */
export const STRIPE_SPEC_VERSIONS = ['2019-11-05', '2023-08-16'] as const;

const loaded = new Map<string, OpenApiDocument>();

/**
 * The spec a cassette of `apiVersion` is validated against: the newest kept spec not newer than
 * the version. No spec of the SDK's default version (2026-10-28) is available here, so its
 * cassettes are validated against the newest one we have, 2023-08-16 (docs/stripe.md).
 */
export function stripeSpecFor(apiVersion: string): { specVersion: string; document: OpenApiDocument } {
  const date = apiVersion.slice(0, 10);
  const specVersion = [...STRIPE_SPEC_VERSIONS].reverse().find((version) => version <= date);
  if (!specVersion) throw new Error(`no Stripe spec at or before ${apiVersion}`);
  let document = loaded.get(specVersion);
  if (!document) {
    document = JSON.parse(
      readFileSync(join(specDir, `stripe-openapi-${specVersion}.json`), 'utf8'),
    ) as OpenApiDocument;
    loaded.set(specVersion, document);
  }
  return { specVersion, document };
}

/**
 * The one departure from the published specs: `consume_applied_balance` on
 * `POST /v1/invoices/:id/void`, for API versions before 2019-12-03 only. No published spec lists it;
 * Stripe's 2019-12-03 changelog ("Customer balances are now returned when voiding invoices", seed
 * 000_635c9ea00eeb3517) documents it for earlier versions: "Set `consume_applied_balance` to
 * `false` when voiding invoices in /v1/invoices/:id/void".
 */
export function stripeSpecAllowances(apiVersion: string): Record<string, Record<string, OpenApiSchema>> {
  if (apiVersion.slice(0, 10) >= '2019-12-03') return {};
  return { 'POST /v1/invoices/{invoice}/void': { consume_applied_balance: { type: 'boolean' } } };
}

/** Every request and response of a Stripe cassette, validated against its version's spec. */
export function validateStripeCassette(cassette: Cassette): SchemaIssue[] {
  const { document } = stripeSpecFor(cassette.meta.apiVersion);
  const extraRequestProperties = stripeSpecAllowances(cassette.meta.apiVersion);
  return cassette.interactions.flatMap((interaction, index) =>
    validateOpenApiExchange(
      document,
      {
        method: interaction.request.method,
        path: interaction.request.path,
        body: interaction.request.body ?? {},
        status: interaction.response.status,
        responseBody: interaction.response.body,
      },
      { extraRequestProperties },
    ).map((issue) => ({ path: `interaction ${index}: ${issue.path}`, message: issue.message })),
  );
}

/** Every `.json` cassette under `dir`, recursively. */
export function listCassettes(dir = stripeCassetteDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listCassettes(path);
    return name.endsWith('.json') ? [path] : [];
  });
}
