/**
 * Every Chargebee cassette is checked against Chargebee's own definitions:
 * - success bodies against the `chargebee` package's TypeScript types (required attributes, types,
 *   enum values, no undeclared attribute), through the TypeScript checker;
 * - request bodies against the package's zod request schemas (`esm/schema/*.schema.js`);
 * - error bodies against the v1 OpenAPI error shapes (test/spec-data/chargebee, extracted by
 *   scripts/extract-chargebee-spec.mjs);
 * - metadata, and that no credential is stored.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Cassette, readCassette } from '@billbridge/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  type ChargebeeTypeValidator,
  chargebeePackageDirectory,
  createChargebeeTypeValidator,
} from '../../packages/chargebee/test/support/chargebee-type-validator.js';

const root = path.resolve(import.meta.dirname, '../..');
const cassetteDir = path.join(root, 'test/cassettes/chargebee');
const errorSpec = JSON.parse(
  readFileSync(path.join(root, 'test/spec-data/chargebee/openapi-v1-errors.json'), 'utf8'),
) as { errors: Record<string, JsonSchema> };

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: string[];
}

function listCassettes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listCassettes(path.join(dir, entry.name))
      : entry.name.endsWith('.json')
        ? [path.join(dir, entry.name)]
        : [],
  );
}

interface Route {
  /** SDK type of the 2xx body. */
  response: string;
  /** `<module>.schema.js` export that validates the request. */
  request?: [module: string, schema: string];
  query?: boolean;
}

function route(method: string, pathname: string): Route | undefined {
  const p = pathname.replace(/^\/api\/v2/, '');
  if (method === 'POST' && /^\/invoices\/[^/]+\/void$/.test(p))
    return { response: 'Invoice.VoidInvoiceResponse', request: ['invoice', 'VoidInvoiceInvoiceBodySchema'] };
  if (method === 'GET' && /^\/invoices\/[^/?]+$/.test(p)) return { response: 'Invoice.RetrieveResponse' };
  if (method === 'POST' && p === '/credit_notes')
    return { response: 'CreditNote.CreateResponse', request: ['credit_note', 'CreateCreditNoteBodySchema'] };
  if (method === 'GET' && p === '/credit_notes')
    return {
      response: 'CreditNote.ListResponse',
      request: ['credit_note', 'ListCreditNoteBodySchema'],
      query: true,
    };
  if (method === 'POST' && /^\/credit_notes\/[^/]+\/void$/.test(p))
    return {
      response: 'CreditNote.VoidCreditNoteResponse',
      request: ['credit_note', 'VoidCreditNoteCreditNoteBodySchema'],
    };
  if (method === 'GET' && /^\/credit_notes\/[^/?]+$/.test(p))
    return { response: 'CreditNote.RetrieveResponse' };
  if (method === 'GET' && /^\/customers\/[^/?]+$/.test(p)) return { response: 'Customer.RetrieveResponse' };
  return undefined;
}

const responseTypes = [
  'Invoice.VoidInvoiceResponse',
  'Invoice.RetrieveResponse',
  'CreditNote.CreateResponse',
  'CreditNote.ListResponse',
  'CreditNote.VoidCreditNoteResponse',
  'CreditNote.RetrieveResponse',
  'Customer.RetrieveResponse',
];

/** Form and query fields arrive as strings; the SDK's schemas take numbers for these (integer) fields. */
const numericFields = new Set(['total', 'limit', 'date']);

function typed(fields: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const typedValue = numericFields.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
    const nested = /^([a-z_]+)\[([a-z_]+)\]$/.exec(key);
    if (nested) {
      const [, outer, inner] = nested as unknown as [string, string, string];
      out[outer] = { ...(out[outer] as object), [inner]: typedValue };
    } else out[key] = typedValue;
  }
  return out;
}

function checkErrorBody(status: number, body: unknown): string[] {
  const schema = errorSpec.errors[String(status)];
  if (!schema) return [`no v1 error shape for HTTP ${status}`];
  const problems: string[] = [];
  if (typeof body !== 'object' || body === null) return [`HTTP ${status}: error body must be a JSON object`];
  const record = body as Record<string, unknown>;
  for (const field of schema.required ?? []) {
    if (record[field] === undefined) problems.push(`HTTP ${status}: ${field} is required`);
  }
  // The API also sends the legacy fields (error_code, error_msg, http_status_code); nothing else.
  const legacy = new Set(['error_code', 'error_msg', 'http_status_code', 'error_param']);
  for (const [key, value] of Object.entries(record)) {
    const property = schema.properties?.[key];
    if (!property) {
      if (!legacy.has(key)) problems.push(`HTTP ${status}: ${key} is not in the error shape`);
      continue;
    }
    if (property.type === 'string' && typeof value !== 'string')
      problems.push(`HTTP ${status}: ${key} must be a string`);
    if (property.enum && !property.enum.includes(String(value)))
      problems.push(
        `HTTP ${status}: ${key} ${JSON.stringify(value)} is not one of ${property.enum.join(', ')}`,
      );
  }
  if (record.http_status_code !== undefined && record.http_status_code !== status)
    problems.push(`HTTP ${status}: http_status_code says ${String(record.http_status_code)}`);
  return problems;
}

const files = listCassettes(cassetteDir);
let types: ChargebeeTypeValidator;
const schemaModules = new Map<string, Record<string, z.ZodType>>();

async function requestSchema([module, name]: [string, string]): Promise<z.ZodType> {
  if (!schemaModules.has(module)) {
    const file = path.join(chargebeePackageDirectory(), 'esm/schema', `${module}.schema.js`);
    schemaModules.set(module, (await import(pathToFileURL(file).href)) as Record<string, z.ZodType>);
  }
  const schema = schemaModules.get(module)?.[name];
  if (!schema) throw new Error(`chargebee has no ${name} in ${module}.schema.js`);
  return schema;
}

beforeAll(() => {
  types = createChargebeeTypeValidator(responseTypes);
}, 30_000);

describe('Chargebee cassettes match the chargebee package and the v1 error shapes', () => {
  it('there are cassettes for the adapter and for every contract scenario that makes requests', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  for (const file of files) {
    const name = path.relative(cassetteDir, file);
    it(name, async () => {
      const cassette: Cassette = readCassette(file);
      // `recorded`: re-recorded from a test site by `pnpm record` (test/record), a drop-in replacement.
      expect(cassette.meta).toMatchObject({
        provider: 'chargebee',
        apiVersion: 'v2',
        sdkVersion: 'chargebee@3.33.0',
        source: expect.stringMatching(/^(documented|recorded)$/),
      });
      expect(cassette.meta.origin).toMatch(/^https:\/\/[a-z0-9-]+\.chargebee\.com$/);
      expect(cassette.meta.description).toBeTruthy();
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(
        /authorization|test_[A-Za-z0-9]{20,}|live_[A-Za-z0-9]{20,}|Basic [A-Za-z0-9+/=]{8,}/i,
      );
      const problems: string[] = [];
      for (const [index, { request, response }] of cassette.interactions.entries()) {
        const url = new URL(request.path, cassette.meta.origin);
        const where = `#${index} ${request.method} ${url.pathname}`;
        const target = route(request.method, url.pathname);
        if (!target) {
          problems.push(`${where}: not an endpoint the adapter calls`);
          continue;
        }
        if (target.request) {
          const fields = target.query ? Object.fromEntries(url.searchParams) : (request.body ?? {});
          const result = (await requestSchema(target.request)).safeParse(typed(fields));
          if (!result.success) problems.push(`${where} request: ${result.error.message}`);
        } else if (request.body && Object.keys(request.body).length) {
          problems.push(`${where}: a GET carries no body`);
        }
        if (response.networkError) continue;
        if (response.status >= 200 && response.status < 300) {
          problems.push(...types.check(target.response, response.body).map((p) => `${where}: ${p}`));
        } else if (typeof response.body === 'string') {
          // A non-JSON answer (a proxy's HTML page) must really not be JSON.
          expect(() => JSON.parse(response.body as string)).toThrow();
          expect(response.status).toBeGreaterThanOrEqual(500);
        } else {
          problems.push(...checkErrorBody(response.status, response.body).map((p) => `${where}: ${p}`));
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
