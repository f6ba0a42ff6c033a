import type { EmulatorResponse } from '../http/emulator-exchange.js';

/** Stripe's error object (`{ error: { type, code?, message, param? } }`), as its API answers. */
export interface StripeErrorFields {
  type: 'invalid_request_error' | 'api_error' | 'idempotency_error' | 'card_error';
  message: string;
  code?: string;
  param?: string;
}

let requestCounter = 0;

/** A Stripe-shaped request id for the `Request-Id` header. */
export function stripeRequestId(): string {
  requestCounter += 1;
  return `req_emu${requestCounter.toString(36).padStart(10, '0')}`;
}

/** A Stripe error response. `notSaved` marks a refusal before the endpoint ran (not kept for idempotency). */
export function stripeError(
  status: number,
  fields: StripeErrorFields,
  options: { notSaved?: boolean; headers?: Record<string, string> } = {},
): EmulatorResponse {
  const error: Record<string, unknown> = { type: fields.type, message: fields.message };
  if (fields.code !== undefined) error.code = fields.code;
  if (fields.param !== undefined) error.param = fields.param;
  if (fields.code !== undefined)
    error.doc_url = `https://stripe.com/docs/error-codes/${fields.code.replaceAll('_', '-')}`;
  const response: EmulatorResponse = {
    status,
    body: { error },
    headers: { 'request-id': stripeRequestId(), ...options.headers },
  };
  if (options.notSaved) response.notSaved = true;
  return response;
}

/** `parameter_unknown`: what Stripe answers for a parameter the endpoint does not take. */
export function stripeUnknownParameter(param: string): EmulatorResponse {
  return stripeError(
    400,
    {
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param,
      message: `Received unknown parameter: ${param}`,
    },
    { notSaved: true },
  );
}

/** `parameter_invalid_*` and friends: a parameter of the wrong type or out of range. */
export function stripeInvalidParameter(
  param: string,
  message: string,
  code = 'parameter_invalid_string',
): EmulatorResponse {
  return stripeError(400, { type: 'invalid_request_error', code, param, message }, { notSaved: true });
}

/** `parameter_missing`. */
export function stripeMissingParameter(param: string): EmulatorResponse {
  return stripeError(
    400,
    {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param,
      message: `Missing required param: ${param}.`,
    },
    { notSaved: true },
  );
}

/** A parameter Stripe accepts that the emulator does not model: refused, never ignored (DESIGN §14). */
export function stripeEmulatorUnsupported(param: string, detail = ''): EmulatorResponse {
  return stripeError(
    400,
    {
      type: 'invalid_request_error',
      code: 'emulator_unsupported',
      param,
      message: `The billbridge emulator does not model ${param}${detail ? ` (${detail})` : ''}; Stripe accepts it. See docs/emulator.md.`,
    },
    { notSaved: true },
  );
}

/** `resource_missing`: an id that names nothing (or that is not an id at all). */
export function stripeNoSuch(resource: string, id: string, param = 'id'): EmulatorResponse {
  return stripeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param,
    message: `No such ${resource}: '${id}'`,
  });
}

/** The provider's bodies for the errors the server itself raises. */
export const stripeServerErrors = {
  notFound: (method: string, path: string) =>
    stripeError(
      404,
      {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${method}: ${path}). The billbridge emulator does not cover this endpoint; see docs/emulator.md for the ones it does.`,
      },
      { notSaved: true },
    ),
  forStatus(status: number, code?: string): EmulatorResponse {
    const fields = injectedStripeError(status);
    return stripeError(
      status,
      code === undefined ? fields : { ...fields, code },
      status === 429 ? { headers: { 'stripe-rate-limited-reason': 'endpoint-rate' } } : {},
    );
  },
  tooLarge: (limit: number) =>
    stripeError(
      413,
      { type: 'invalid_request_error', message: `Request body over ${limit} bytes.` },
      { notSaved: true },
    ),
  internal: () =>
    stripeError(500, { type: 'api_error', message: 'The billbridge emulator failed on this request.' }),
};

/** Stripe's error for an injected status: its usual type, code and message for that status. */
function injectedStripeError(status: number): StripeErrorFields {
  if (status === 429)
    return {
      type: 'invalid_request_error',
      code: 'rate_limit',
      message:
        'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
    };
  if (status === 409)
    return {
      type: 'invalid_request_error',
      code: 'lock_timeout',
      message:
        'This object cannot be accessed right now because another API request or Stripe process is currently accessing it.',
    };
  if (status === 401) return { type: 'invalid_request_error', message: 'Invalid API Key provided.' };
  if (status === 403)
    return {
      type: 'invalid_request_error',
      message: 'The provided key does not have the required permissions.',
    };
  if (status >= 500)
    return { type: 'api_error', message: 'An unknown error occurred (injected by the billbridge emulator).' };
  return { type: 'invalid_request_error', message: `Injected ${status} (billbridge emulator).` };
}
