import { decodeFormParams, FormParamsError } from './decode-form-params.js';
import type { OpenApiDocument, OpenApiOperation, OpenApiSchema, SchemaIssue } from './openapi-schema.js';
import { validateOpenApiSchema } from './validate-openapi-schema.js';

/**
 * One HTTP exchange to judge against an OpenAPI document: method, path with query, decoded body, response
 * status and body.
 */
export interface OpenApiExchange {
  method: string;
  /** The request path, with its query string (`/v1/credit_notes?invoice=in_1`). */
  path: string;
  /** Decoded form fields (bracket keys), as the cassette player records them. */
  body?: Record<string, string> | null;
  /** The response. */
  status: number;
  responseBody?: unknown;
}

/**
 * Options of `validateOpenApiExchange`: request parameters accepted beyond the spec, by operation, for
 * documented departures.
 */
export interface ValidateExchangeOptions {
  /**
   * Request parameters accepted on top of the spec, by operation (`POST /v1/invoices/{invoice}/void`),
   * for documented departures the spec does not list. Keep these few, explicit and tested.
   */
  extraRequestProperties?: Record<string, Record<string, OpenApiSchema>>;
  /** Judge the response body with `closedObjects` (`ValidateSchemaOptions`): for built output, not recordings. */
  closedResponses?: boolean;
}

/** A document's path templates split into segments, most literal segments first. */
interface PathTemplate {
  template: string;
  parts: readonly string[];
}

/** By a document's `paths` object, with how many templates it had when indexed. */
const templatesByPaths = new WeakMap<object, { count: number; templates: readonly PathTemplate[] }>();

function countKeys(record: object): number {
  let count = 0;
  for (const _ in record) count += 1;
  return count;
}

/**
 * The templates of `document`, indexed once per `paths` object (a test judges thousands of
 * exchanges against the same document, and Chargebee's has hundreds of paths), again when paths
 * were added or removed since. Literal segments win over parameters (`/v1/credit_notes/preview`
 * over `/{id}`); the sort is stable, so equally literal templates keep the document's order.
 */
function pathTemplates(document: OpenApiDocument): readonly PathTemplate[] {
  const count = countKeys(document.paths);
  const indexed = templatesByPaths.get(document.paths);
  if (indexed !== undefined && indexed.count === count) return indexed.templates;
  const literals = (template: string) => template.match(/\/[^{/]+/g)?.length ?? 0;
  const templates = Object.keys(document.paths)
    .map((template) => ({ template, parts: template.split('/'), literal: literals(template) }))
    .sort((a, b) => b.literal - a.literal)
    .map(({ template, parts }) => ({ template, parts }));
  templatesByPaths.set(document.paths, { count, templates });
  return templates;
}

/** Finds the operation whose templated path (`/v1/invoices/{invoice}`) matches a concrete path. */
export function findOpenApiOperation(
  document: OpenApiDocument,
  method: string,
  path: string,
): { template: string; operation: OpenApiOperation } | undefined {
  const bare = path.split('?')[0] as string;
  const segments = bare.split('/');
  const verb = method.toLowerCase();
  for (const { template, parts } of pathTemplates(document)) {
    if (
      parts.length !== segments.length ||
      // A `{parameter}` takes a segment, never an empty one (`/v1/invoices//void` names no invoice).
      !parts.every((part, index) =>
        part.startsWith('{') ? segments[index] !== '' : part === segments[index],
      )
    )
      continue;
    const item = document.paths[template];
    // Own keys only: a method called `constructor` names no operation.
    const operation = item && Object.hasOwn(item, verb) ? item[verb] : undefined;
    if (operation) return { template, operation };
  }
  return undefined;
}

function queryFields(path: string): Record<string, string> {
  const query = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) fields[key] = value;
  return fields;
}

/** The fields decoded, or `undefined` (their clash recorded as an issue at `where`): nothing to validate. */
function decodeOrIssue(
  fields: Record<string, string>,
  where: string,
  issues: SchemaIssue[],
): Record<string, unknown> | undefined {
  try {
    return decodeFormParams(fields);
  } catch (error) {
    if (!(error instanceof FormParamsError)) throw error;
    issues.push({ path: where, message: error.message });
    return undefined;
  }
}

/**
 * Validates one request/response exchange against a trimmed OpenAPI document: the operation must
 * exist; query parameters and form body must match the operation's parameters and request schema
 * (an unknown parameter is an issue wherever the spec says `additionalProperties: false`, and an
 * unknown query parameter always is); the response body must match the schema for its status
 * (`200`, else `default`).
 */
export function validateOpenApiExchange(
  document: OpenApiDocument,
  exchange: OpenApiExchange,
  options: ValidateExchangeOptions = {},
): SchemaIssue[] {
  const method = exchange.method.toUpperCase();
  const found = findOpenApiOperation(document, method, exchange.path);
  if (!found) return [{ path: `${method} ${exchange.path}`, message: 'no such operation in the spec' }];
  const { template, operation } = found;
  const where = `${method} ${template}`;
  const issues: SchemaIssue[] = [];
  const prefix = (label: string) => (issue: SchemaIssue) => ({
    path: `${where} ${label} ${issue.path}`,
    message: issue.message,
  });

  const query = decodeOrIssue(queryFields(exchange.path), `${where} query`, issues);
  const queryParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
  for (const [name, value] of Object.entries(query ?? {})) {
    const parameter = queryParameters.find((candidate) => candidate.name === name);
    if (!parameter) {
      issues.push({ path: `${where} query ${name}`, message: 'is not a known parameter/property' });
      continue;
    }
    if (parameter.schema) {
      issues.push(
        ...validateOpenApiSchema(document, parameter.schema, value, { mode: 'form', path: name }).map(
          prefix('query'),
        ),
      );
    }
  }
  for (const parameter of query === undefined ? [] : queryParameters) {
    if (parameter.required && !(parameter.name in query!)) {
      issues.push({ path: `${where} query ${parameter.name}`, message: 'is required' });
    }
  }

  const body = decodeOrIssue(exchange.body ?? {}, `${where} body`, issues);
  const extra = options.extraRequestProperties?.[`${method} ${template}`];
  if (body === undefined) {
    // The clash is the issue; validating what was left of the body would add false ones.
  } else if (operation.requestBody) {
    const schema: OpenApiSchema = extra
      ? {
          ...operation.requestBody.schema,
          properties: { ...(operation.requestBody.schema.properties ?? {}), ...extra },
        }
      : operation.requestBody.schema;
    issues.push(...validateOpenApiSchema(document, schema, body, { mode: 'form' }).map(prefix('body')));
  } else if (Object.keys(body).length > 0) {
    issues.push({ path: `${where} body`, message: 'the operation takes no body' });
  }

  const responseSchema =
    operation.responses[String(exchange.status)] ??
    (exchange.status >= 200 && exchange.status < 300
      ? operation.responses['200']
      : operation.responses.default);
  if (!responseSchema) {
    issues.push({ path: `${where} response`, message: `no response schema for status ${exchange.status}` });
  } else {
    issues.push(
      ...validateOpenApiSchema(document, responseSchema, exchange.responseBody, {
        closedObjects: options.closedResponses === true,
      }).map(prefix('response')),
    );
  }
  return issues;
}
