import type { EmulatorResponse } from '../http/emulator-exchange.js';
import schemas from './request-schemas/stripe-request-schemas.json' with { type: 'json' };
import {
  stripeError,
  stripeInvalidParameter,
  stripeMissingParameter,
  stripeUnknownParameter,
} from './stripe-error.js';

/** The OpenAPI subset Stripe's request schemas use (see scripts/extract-stripe-request-schemas.mjs). */
interface RequestSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, RequestSchema>;
  additionalProperties?: boolean | RequestSchema;
  required?: string[];
  nullable?: boolean;
  enum?: unknown[];
  anyOf?: RequestSchema[];
  oneOf?: RequestSchema[];
  items?: RequestSchema;
  maxLength?: number;
  /** Stripe's mark on an enum it does not enforce (its published specs). */
  'x-stripeBypassValidation'?: boolean;
}

interface VersionSchemas {
  operations: Record<
    string,
    { body: RequestSchema | null; query: Record<string, { schema: RequestSchema; required: boolean }> }
  >;
  components: Record<string, RequestSchema>;
}

const versions = (schemas as unknown as { versions: Record<string, VersionSchemas> }).versions;

/** Which request schemas judge a request of `apiVersion` (its own; 2019-11-05's for the older ones). */
function schemasFor(apiVersion: string): VersionSchemas {
  const own = versions[apiVersion];
  if (own) return own;
  const fallback = versions['2019-11-05'];
  if (!fallback) throw new Error('no Stripe request schemas');
  return fallback;
}

/** The operation key of a route pattern: `POST /v1/invoices/:id/void` → `POST /v1/invoices/*\/void`. */
export function stripeOperationKey(method: string, pattern: string): string {
  return `${method} ${pattern.replace(/:[A-Za-z]+/g, '*')}`;
}

/** Stripe's name for a nested parameter: `items[0][price_data][currency]`. */
function paramName(path: readonly (string | number)[]): string {
  const [head, ...rest] = path;
  return `${head}${rest.map((segment) => `[${segment}]`).join('')}`;
}

type Problem =
  | { kind: 'unknown'; path: (string | number)[] }
  | { kind: 'missing'; path: (string | number)[] }
  | { kind: 'invalid'; path: (string | number)[]; expected: string; value: unknown };

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'a hash';
  return String(value);
}

function walk(
  components: VersionSchemas['components'],
  input: RequestSchema,
  value: unknown,
  path: (string | number)[],
  depth: number,
): Problem | undefined {
  if (depth > 32) return { kind: 'invalid', path, expected: 'a shallower value', value };
  let schema = input;
  while (schema.$ref) {
    const resolved: RequestSchema | undefined = components[schema.$ref.replace('#/components/schemas/', '')];
    if (!resolved) throw new Error(`unresolved ${schema.$ref}`);
    schema = resolved;
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    // Stripe's `Emptyable<X>` is anyOf ['' , X]: the value matches one, or the error is X's.
    let best: Problem | undefined;
    for (const alternative of alternatives) {
      const problem = walk(components, alternative, value, path, depth + 1);
      if (!problem) return undefined;
      if (
        !best ||
        (best.kind === 'invalid' && best.path.length <= path.length && problem.path.length > path.length)
      )
        best = problem;
    }
    return best;
  }
  const text = typeof value === 'string' ? value : undefined;
  if (text === '' && schema.nullable) return undefined;
  const invalid = (expected: string): Problem => ({ kind: 'invalid', path, expected, value });
  switch (schema.type) {
    case 'string':
      if (text === undefined) return invalid('string');
      if (schema.maxLength !== undefined && text.length > schema.maxLength)
        return invalid(`string of at most ${schema.maxLength} characters`);
      break;
    case 'integer':
      if (text === undefined || !/^-?\d{1,19}$/.test(text)) return invalid('integer');
      break;
    case 'number':
      if (text === undefined || !/^-?\d{1,19}(\.\d{1,12})?$/.test(text)) return invalid('integer');
      break;
    case 'boolean':
      if (text !== 'true' && text !== 'false') return invalid('boolean');
      break;
    case 'array':
      if (!Array.isArray(value)) return invalid('array');
      break;
    case 'object':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return invalid('object');
      break;
    default:
      break;
  }
  // Stripe marks the enums it does not hold callers to (`x-stripeBypassValidation`, e.g. 2019's
  // `billing_cycle_anchor`): another value is not refused for being unlisted.
  if (
    schema.enum &&
    !schema['x-stripeBypassValidation'] &&
    !schema.enum.some((option) => String(option) === text)
  )
    return invalid(`one of ${schema.enum.filter((option) => option !== '').join(', ')}`);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const problem = schema.items
        ? walk(components, schema.items, value[index], [...path, index], depth + 1)
        : undefined;
      if (problem) return problem;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const properties = schema.properties;
    for (const [key, inner] of Object.entries(record)) {
      // Own keys only: `constructor` or `toString` is a parameter of no schema.
      const property = properties && Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (property) {
        const problem = walk(components, property, inner, [...path, key], depth + 1);
        if (problem) return problem;
      } else if (typeof schema.additionalProperties === 'object') {
        const problem = walk(components, schema.additionalProperties, inner, [...path, key], depth + 1);
        if (problem) return problem;
      } else if (schema.additionalProperties === false) {
        return { kind: 'unknown', path: [...path, key] };
      }
    }
    for (const key of schema.required ?? [])
      if (!Object.hasOwn(record, key)) return { kind: 'missing', path: [...path, key] };
  }
  return undefined;
}

function answer(problem: Problem): EmulatorResponse {
  const param = paramName(problem.path);
  if (problem.kind === 'unknown') return stripeUnknownParameter(param);
  if (problem.kind === 'missing') return stripeMissingParameter(param);
  if (problem.expected === 'integer')
    return stripeInvalidParameter(
      param,
      `Invalid integer: ${describe(problem.value)}`,
      'parameter_invalid_integer',
    );
  if (problem.expected === 'string' && problem.value !== null && typeof problem.value === 'object')
    return stripeInvalidParameter(
      param,
      `Invalid string: ${describe(problem.value)}`,
      'parameter_invalid_string',
    );
  // Stripe names no code for a bad boolean, array, hash or enum value; it says what it expected.
  return stripeError(
    400,
    {
      type: 'invalid_request_error',
      param,
      message: `Invalid ${param}: must be ${problem.expected.startsWith('one of') ? problem.expected : `a${/^[aeiou]/.test(problem.expected) ? 'n' : ''} ${problem.expected}`}`,
    },
    { notSaved: true },
  );
}

/**
 * The request's parameters (body and query) checked against Stripe's own request schema of the
 * requested API version: an unknown parameter is `parameter_unknown`, a missing one
 * `parameter_missing`, an ill-typed one Stripe's 400 naming it. `undefined` when they are valid.
 */
export function validateStripeParams(
  apiVersion: string,
  operationKey: string,
  body: Record<string, unknown>,
  query: Record<string, unknown>,
): EmulatorResponse | undefined {
  const { operations, components } = schemasFor(apiVersion);
  const operation = Object.hasOwn(operations, operationKey) ? operations[operationKey] : undefined;
  if (!operation) throw new Error(`no request schema for ${operationKey}`);
  const bodySchema: RequestSchema = operation.body ?? {
    type: 'object',
    additionalProperties: false,
    properties: {},
  };
  if (operationKey.startsWith('POST ')) {
    // A POST's parameters may come in the body or the query string; Stripe reads them together.
    const problem = walk(components, bodySchema, { ...query, ...body }, [], 0);
    return problem ? answer(problem) : undefined;
  }
  // GET and DELETE take their parameters in the query string, and no body.
  for (const [name, inner] of Object.entries(query)) {
    const parameter = Object.hasOwn(operation.query, name) ? operation.query[name] : undefined;
    if (!parameter) return answer({ kind: 'unknown', path: [name] });
    const problem = walk(components, parameter.schema, inner, [name], 0);
    if (problem) return answer(problem);
  }
  for (const [name, parameter] of Object.entries(operation.query))
    if (parameter.required && !Object.hasOwn(query, name)) return answer({ kind: 'missing', path: [name] });
  const problem = walk(components, bodySchema, body, [], 0);
  if (problem) return answer(problem);
  return undefined;
}
