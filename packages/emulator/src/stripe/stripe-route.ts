import { InvoiceNotVoidableError, isBillingError, NotFoundError } from '@billbridge/core';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../http/emulator-exchange.js';
import { json } from '../http/emulator-exchange.js';
import type { StripeAccount } from './stripe-account.js';
import { stripeEmulatorUnsupported, stripeError, stripeNoSuch } from './stripe-error.js';
import { stripeOperationKey, validateStripeParams } from './validate-stripe-params.js';

/**
 * The parameters a route models, as a tree: `true` takes the whole value, an object names the
 * keys it takes, a one-element array the shape of each item. A parameter Stripe accepts that is
 * not in the tree is refused with `emulator_unsupported`, never ignored.
 */
export type SupportedParams = { [name: string]: true | SupportedParams | [SupportedParams] };

export interface StripeCall {
  request: EmulatorRequest;
  account: StripeAccount;
  apiVersion: string;
  /** Body and query together (GET parameters come in the query, POST ones in the body). */
  params: Record<string, unknown>;
  /** The path ids, checked to be ids (DESIGN §5). */
  ids: Record<string, string>;
}

export interface StripeRouteDefinition {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: string;
  mutates?: boolean;
  supported: SupportedParams;
  /** Values `expand[]` may name here (default none). */
  expandable?: readonly string[];
  /** Path parameters and the resource Stripe names in its 404 (`invoice`). */
  resource: string;
  /**
   * Parameters the published schema of this version does not list but Stripe took (the void's
   * `consume_applied_balance` before 2019-12-03); removed before schema validation.
   */
  extraParams?(apiVersion: string): readonly string[];
  handle(call: StripeCall): EmulatorResponse;
}

const ID = /^[A-Za-z0-9_-]{1,255}$/;

function firstUnsupported(value: unknown, supported: SupportedParams, path: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const name = path === '' ? key : `${path}[${key}]`;
    const rule = Object.hasOwn(supported, key) ? supported[key] : undefined;
    if (rule === undefined) return name;
    if (rule === true) continue;
    if (Array.isArray(rule)) {
      if (!Array.isArray(inner)) continue;
      for (let index = 0; index < inner.length; index += 1) {
        const found = firstUnsupported(inner[index], rule[0], `${name}[${index}]`);
        if (found) return found;
      }
      continue;
    }
    const found = firstUnsupported(inner, rule, name);
    if (found) return found;
  }
  return undefined;
}

/** Stripe's answer for an error the state model threw. */
export function stripeAnswerFor(error: unknown, resource: string, id: string): EmulatorResponse {
  if (error instanceof NotFoundError) {
    // The state says `no such <noun>: <id>`; Stripe names the object the same way.
    const named = /^no such ([a-z ]+): (.*)$/.exec(error.message);
    return named ? stripeNoSuch(named[1]!, named[2]!) : stripeNoSuch(resource, id);
  }
  if (error instanceof InvoiceNotVoidableError) {
    const status = error.invoice?.providerStatus ?? error.blockers[0];
    // The wording of billbridge's documented cassettes; Stripe documents no exact text (DESIGN §7).
    return stripeError(400, {
      type: 'invalid_request_error',
      message: `You can only pass in open or uncollectible invoices to this endpoint. This invoice is ${status}.`,
    });
  }
  if (isBillingError(error) && error.status === 400)
    return stripeError(400, { type: 'invalid_request_error', message: error.message });
  throw error;
}

/** A Stripe route: parameters validated (schema, then what the emulator models), ids checked, state errors mapped. */
export function stripeRoute(definition: StripeRouteDefinition): EmulatorRoute<StripeAccount> {
  const key = stripeOperationKey(definition.method, definition.pattern);
  return {
    method: definition.method,
    pattern: definition.pattern,
    mutates: definition.mutates ?? definition.method !== 'GET',
    handle(request, account) {
      const { apiVersion } = request;
      for (const [name, value] of Object.entries(request.params))
        if (!ID.test(value)) return stripeNoSuch(name === 'id' ? definition.resource : name, value, name);
      const extras = definition.extraParams?.(apiVersion) ?? [];
      const body = { ...request.body };
      for (const name of extras) delete body[name];
      const invalid = validateStripeParams(apiVersion, key, body, request.query);
      if (invalid) return invalid;
      const params = { ...request.query, ...request.body };
      const unsupported = firstUnsupported(params, { ...definition.supported, expand: true }, '');
      if (unsupported) return stripeEmulatorUnsupported(unsupported);
      const expand = params.expand;
      if (expand !== undefined) {
        const names = Array.isArray(expand) ? expand : [expand];
        const bad = names.findIndex((name) => !(definition.expandable ?? []).includes(String(name)));
        if (bad >= 0) return stripeEmulatorUnsupported(`expand[${bad}]`, `expanding ${String(names[bad])}`);
      }
      try {
        return definition.handle({ request, account, apiVersion, params, ids: request.params });
      } catch (error) {
        if (isIntegerRefusal(error)) return error.response;
        return stripeAnswerFor(error, definition.resource, request.params.id ?? '');
      }
    },
  };
}

/** The expand list of a call (`expand[]=customer`). */
export function expandOf(params: Record<string, unknown>): string[] {
  const expand = params.expand;
  if (expand === undefined) return [];
  return (Array.isArray(expand) ? expand : [expand]).map(String);
}

/** An integer parameter already checked by the schema to be numeric; Stripe refuses a fraction. */
export function integerParam(params: Record<string, unknown>, name: string): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw integerRefusal(name, value);
  return number;
}

class IntegerRefusal extends Error {
  constructor(readonly response: EmulatorResponse) {
    super('integer refusal');
  }
}
function integerRefusal(name: string, value: unknown): IntegerRefusal {
  return new IntegerRefusal(
    stripeError(
      400,
      {
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        param: name,
        message: `Invalid integer: ${String(value)}`,
      },
      { notSaved: true },
    ),
  );
}
export function isIntegerRefusal(error: unknown): error is IntegerRefusal {
  return error instanceof IntegerRefusal;
}

/** Metadata as given (`metadata=` clears: `null`). */
export function metadataParam(params: Record<string, unknown>): Record<string, string> | null | undefined {
  const value = params.metadata;
  if (value === undefined) return undefined;
  if (value === '') return null;
  return value as Record<string, string>;
}

/** A string parameter, `''` meaning unset (`null`). */
export function textParam(params: Record<string, unknown>, name: string): string | null | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  return value === '' ? null : String(value);
}

/** One page of a list endpoint, in Stripe's list shape, from the state's `list(page)`. */
export function listAnswer<T extends { id: string }, R>(
  call: StripeCall,
  url: string,
  list: (page: { limit?: number; startingAfter?: string; endingBefore?: string }) => {
    data: T[];
    hasMore: boolean;
  },
  render: (record: T) => R,
): EmulatorResponse {
  const limit = integerParam(call.params, 'limit');
  if (limit !== undefined && (limit < 1 || limit > 100))
    return stripeError(
      400,
      { type: 'invalid_request_error', param: 'limit', message: 'Invalid limit: must be between 1 and 100' },
      { notSaved: true },
    );
  const startingAfter = textParam(call.params, 'starting_after') ?? undefined;
  const endingBefore = textParam(call.params, 'ending_before') ?? undefined;
  if (startingAfter !== undefined && endingBefore !== undefined)
    return stripeError(
      400,
      {
        type: 'invalid_request_error',
        message: 'You may only specify one of these parameters: ending_before, starting_after.',
      },
      { notSaved: true },
    );
  let page: { data: T[]; hasMore: boolean };
  try {
    page = list({
      ...(limit !== undefined ? { limit } : {}),
      ...(startingAfter !== undefined ? { startingAfter } : {}),
      ...(endingBefore !== undefined ? { endingBefore } : {}),
    });
  } catch (error) {
    if (error instanceof NotFoundError) {
      const cursor = startingAfter ?? endingBefore ?? '';
      return stripeNoSuch('object', cursor, startingAfter !== undefined ? 'starting_after' : 'ending_before');
    }
    throw error;
  }
  return json(200, { object: 'list', data: page.data.map(render), has_more: page.hasMore, url });
}

export { json };
