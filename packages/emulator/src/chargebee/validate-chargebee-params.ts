import type { ChargebeeFormTree } from './decode-chargebee-form.js';

/** The JSON Schema subset the generated Chargebee request schemas use. */
export interface ChargebeeParamSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, ChargebeeParamSchema>;
  patternProperties?: Record<string, ChargebeeParamSchema>;
  additionalProperties?: boolean | ChargebeeParamSchema;
  required?: string[];
  items?: ChargebeeParamSchema;
  enum?: unknown[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

export type ChargebeeParams = Record<string, unknown>;

/** A parameter Chargebee would refuse: its wire name (`charges[amount][0]`) and why. */
export interface ChargebeeParamIssue {
  param: string;
  message: string;
}

/** Highest array index accepted (chargebee-node writes 0, 1, 2 …; Chargebee caps lists far lower). */
const MAX_INDEX = 249;
const patterns = new Map<string, RegExp>();

/**
 * Checks a decoded form against an operation's request schema and gives the typed parameters:
 * integers and booleans from their text, arrays from their indices (`charges[amount][0]` is
 * `{ charges: { amount: [100] } }`, the generated schemas' wire shape), JSON-encoded values
 * (chargebee-node's `jsonKeys`) parsed where the schema wants an object. An unknown parameter, a
 * value of the wrong type or out of range, or a missing required one is an issue naming the
 * parameter as the SDK sent it.
 */
export function validateChargebeeParams(
  schema: ChargebeeParamSchema,
  tree: ChargebeeFormTree,
): { params: ChargebeeParams } | ChargebeeParamIssue {
  const checked = check(schema, tree, []);
  if (isIssue(checked)) return checked;
  return { params: checked as ChargebeeParams };
}

function isIssue(value: unknown): value is ChargebeeParamIssue & { [issue]: true } {
  return typeof value === 'object' && value !== null && issue in value;
}

const issue = Symbol('issue');

function fail(path: readonly string[], message: string) {
  return { [issue]: true as const, param: wireName(path), message };
}

/** `['charges', 'amount', '0']` → `charges[amount][0]`. */
export function wireName(path: readonly string[]): string {
  return path.length === 0
    ? '(body)'
    : path[0] +
        path
          .slice(1)
          .map((segment) => `[${segment}]`)
          .join('');
}

function check(schema: ChargebeeParamSchema, node: ChargebeeFormTree | string, path: string[]): unknown {
  switch (schema.type) {
    case 'object':
      return checkObject(schema, node, path);
    case 'array':
      return checkArray(schema, node, path);
    case undefined:
      return node;
    default:
      return typeof node === 'string'
        ? checkScalar(schema, node, path)
        : fail(path, 'must be a single value');
  }
}

function checkObject(schema: ChargebeeParamSchema, node: ChargebeeFormTree | string, path: string[]) {
  if (typeof node === 'string') {
    // chargebee-node sends some object parameters (its `jsonKeys`) as one JSON value.
    const parsed = parseJson(node);
    if (parsed === undefined || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return fail(path, 'must be an object');
    }
    return parsed;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const property = propertySchema(schema, key);
    if (!property) return fail([...path, key], 'is not a parameter of this operation');
    const checked = check(property, value, [...path, key]);
    if (isIssue(checked)) return checked;
    // An own property whatever the name: `out.__proto__ = …` would set the prototype and lose the key.
    Object.defineProperty(out, key, { value: checked, writable: true, enumerable: true, configurable: true });
  }
  for (const name of schema.required ?? []) {
    if (!Object.hasOwn(out, name)) return fail([...path, name], 'cannot be blank');
  }
  return out;
}

function propertySchema(schema: ChargebeeParamSchema, key: string): ChargebeeParamSchema | undefined {
  const own = schema.properties?.[key];
  if (own && Object.hasOwn(schema.properties!, key)) return own;
  for (const [pattern, property] of Object.entries(schema.patternProperties ?? {})) {
    if (regex(pattern).test(key)) return property;
  }
  const extra = schema.additionalProperties;
  if (extra === true) return {};
  if (typeof extra === 'object') return extra;
  return undefined;
}

function checkArray(schema: ChargebeeParamSchema, node: ChargebeeFormTree | string, path: string[]) {
  if (typeof node === 'string') {
    const parsed = parseJson(node);
    if (!Array.isArray(parsed)) return fail(path, 'must be a list (name[0]=…, name[1]=…)');
    return parsed;
  }
  // Each value at its own index, a missing one `undefined`: the index is what pairs
  // `charges[amount][i]` with `charges[description][i]` (packed, `[{ amount: 700 }, { description:
  // 'B' }]` became one charge of 700 "B" until 2026-12-07).
  const items: unknown[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (!/^\d{1,3}$/.test(key) || Number(key) > MAX_INDEX) {
      return fail([...path, key], `is not a list index (0 to ${MAX_INDEX})`);
    }
    const checked = check(schema.items ?? {}, value, [...path, key]);
    if (isIssue(checked)) return checked;
    items[Number(key)] = checked;
  }
  return Array.from(items);
}

function checkScalar(schema: ChargebeeParamSchema, text: string, path: string[]): unknown {
  let value: unknown = text;
  if (schema.type === 'integer' || schema.type === 'number') {
    const numeric =
      schema.type === 'integer' ? /^-?\d{1,16}$/.test(text) : /^-?\d{1,16}(\.\d{1,16})?$/.test(text);
    const parsed = Number(text);
    if (
      !numeric ||
      !Number.isFinite(parsed) ||
      (schema.type === 'integer' && !Number.isSafeInteger(parsed))
    ) {
      return fail(path, schema.type === 'integer' ? 'invalid integer' : 'invalid number');
    }
    if (schema.minimum !== undefined && parsed < schema.minimum) {
      return fail(path, `should be greater than or equal to ${schema.minimum}`);
    }
    if (schema.maximum !== undefined && parsed > schema.maximum) {
      return fail(path, `should be less than or equal to ${schema.maximum}`);
    }
    value = parsed;
  } else if (schema.type === 'boolean') {
    if (text !== 'true' && text !== 'false') return fail(path, 'invalid boolean, must be true or false');
    value = text === 'true';
  } else {
    if (schema.maxLength !== undefined && text.length > schema.maxLength) {
      return fail(path, `cannot be more than ${schema.maxLength} characters`);
    }
    if (schema.minLength !== undefined && text.length < schema.minLength) {
      return fail(path, 'cannot be blank');
    }
    if (schema.pattern !== undefined && !regex(schema.pattern).test(text)) {
      return fail(path, schema.format === 'email' ? 'invalid email format' : 'invalid format');
    }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    return fail(path, `invalid value, must be one of ${schema.enum.slice(0, 12).join(', ')}`);
  }
  return value;
}

function regex(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern);
    patterns.set(pattern, compiled);
  }
  return compiled;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The first parameter in `params` that `modelled` does not cover: modelled entries are dotted
 * paths (`customer_id`, `charges.amount`, `customer_id.is`); a parameter is covered when its path,
 * or a prefix of it, is listed. Returns its wire name without indices (`charges[taxable]`).
 */
export function firstUnmodelledParam(
  params: ChargebeeParams,
  modelled: ReadonlySet<string>,
): string | undefined {
  const walk = (value: unknown, path: string[]): string | undefined => {
    if (modelled.has(path.join('.'))) return undefined;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && path.length < 3) {
      for (const [key, child] of Object.entries(value)) {
        const found = walk(child, [...path, key]);
        if (found) return found;
      }
      return undefined;
    }
    return path.length === 0 ? undefined : wireName(path);
  };
  return walk(params, []);
}
