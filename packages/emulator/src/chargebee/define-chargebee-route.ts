import { InvoiceNotVoidableError, isBillingError, NotFoundError } from '@billbridge/core';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../http/emulator-exchange.js';
import {
  chargebeeEmulatorUnsupported,
  chargebeeError,
  chargebeeInvalidState,
  chargebeeNotFound,
  chargebeeParamError,
} from './chargebee-error.js';
import requestSchemas from './chargebee-request-schemas.json' with { type: 'json' };
import type { ChargebeeSite } from './chargebee-site.js';
import type { ChargebeeFormTree } from './decode-chargebee-form.js';
import {
  type ChargebeeParamSchema,
  type ChargebeeParams,
  firstUnmodelledParam,
  validateChargebeeParams,
} from './validate-chargebee-params.js';

/** The operations the emulator serves, by `METHOD /api/v2/template` (chargebee-request-schemas.json). */
export type ChargebeeOperation = keyof typeof requestSchemas.operations;

/** Chargebee ids: letters, digits and `_-.~@`, at most 50 (its id parameters' maxLength). */
const CHARGEBEE_ID = /^[A-Za-z0-9_\-.~@]{1,50}$/;

export interface ChargebeeRouteDefinition {
  operation: ChargebeeOperation;
  /** Whether a successful call changes state. */
  mutates: boolean;
  /**
   * The parameters the emulator models, as dotted paths (`customer_id`, `charges.amount`,
   * `customer_id.is`). Any other parameter Chargebee accepts is refused with `emulator_unsupported`.
   */
  modelled: readonly string[];
  /** What the resource in the path is called in a 404 (`invoice`). */
  resource?: string;
  handle(params: ChargebeeParams, site: ChargebeeSite, request: EmulatorRequest): EmulatorResponse;
}

/**
 * One Chargebee v2 route: the parameters (query for GET, body for POST) are validated against the
 * operation's request schema, generated from the chargebee package's zod schemas (unknown or
 * ill-typed → Chargebee's 400 `param_wrong_value`); a parameter Chargebee accepts that the route
 * does not model → 400 `emulator_unsupported` naming it; an id that cannot be a Chargebee id → 404.
 * The state's refusals become Chargebee's answers: `NotFoundError` → 404 `resource_not_found`,
 * `InvoiceNotVoidableError` → 409 `invalid_state_for_request`, another refusal → 400
 * `invalid_request` with the state's reason.
 */
export function defineChargebeeRoute(definition: ChargebeeRouteDefinition): EmulatorRoute<ChargebeeSite> {
  const [method, template] = definition.operation.split(' ') as ['GET' | 'POST', string];
  const spec = requestSchemas.operations[definition.operation] as {
    body?: ChargebeeParamSchema;
    query: Record<string, ChargebeeParamSchema>;
  };
  const schema: ChargebeeParamSchema =
    method === 'GET'
      ? { type: 'object', properties: spec.query, additionalProperties: false }
      : (spec.body ?? { type: 'object', properties: {}, additionalProperties: false });
  const modelled = new Set(definition.modelled);
  return {
    method,
    pattern: template.replace('{id}', ':id'),
    mutates: definition.mutates,
    handle(request, site) {
      const id = request.params.id;
      if (id !== undefined && !CHARGEBEE_ID.test(id)) {
        return chargebeeNotFound(definition.resource ?? 'resource', id.slice(0, 60));
      }
      const [given, other] = method === 'GET' ? [request.query, request.body] : [request.body, request.query];
      const stray = Object.keys(other)[0];
      if (stray !== undefined) {
        return chargebeeParamError(
          stray,
          method === 'GET' ? 'a GET request takes no body' : 'send the parameters in the request body',
        );
      }
      const validated = validateChargebeeParams(schema, given as ChargebeeFormTree);
      if ('message' in validated) return chargebeeParamError(validated.param, validated.message);
      const unmodelled = firstUnmodelledParam(validated.params, modelled);
      if (unmodelled !== undefined) return chargebeeEmulatorUnsupported(unmodelled);
      try {
        return definition.handle(validated.params, site, request);
      } catch (error) {
        return stateRefusal(error, definition.resource ?? 'resource', id);
      }
    },
  };
}

/** The Chargebee answer for an error the state threw; anything else is an emulator bug (rethrown). */
export function stateRefusal(error: unknown, resource: string, id = ''): EmulatorResponse {
  if (InvoiceNotVoidableError.isInstance(error)) {
    return chargebeeInvalidState(
      `The invoice ${error.invoiceId} cannot be voided: ${error.blockers.join(', ')}.`,
    );
  }
  if (NotFoundError.isInstance(error)) return chargebeeNotFound(resource, id || error.message);
  if (isBillingError(error)) {
    return chargebeeError(400, {
      type: 'invalid_request',
      apiErrorCode: 'invalid_request',
      message: error.message,
    });
  }
  throw error;
}
