import type { EmulatorResponse } from '../http/emulator-exchange.js';

/**
 * Chargebee's error body: `message`, `type`, `api_error_code`, `param?`, the legacy `error_code` /
 * `error_msg` / `error_param`, and `http_status_code` (the shape in its OpenAPI spec, v1 and v2).
 */
export function chargebeeError(
  status: number,
  fields: { type: string; apiErrorCode: string; message: string; param?: string },
  options: { notSaved?: boolean; headers?: Record<string, string> } = {},
): EmulatorResponse {
  const body: Record<string, unknown> = {
    message: fields.message,
    type: fields.type,
    api_error_code: fields.apiErrorCode,
    error_code: fields.apiErrorCode,
    error_msg: fields.message,
    http_status_code: status,
  };
  if (fields.param !== undefined) {
    body.param = fields.param;
    body.error_param = fields.param;
  }
  const response: EmulatorResponse = { status, body };
  if (options.headers) response.headers = options.headers;
  if (options.notSaved) response.notSaved = true;
  return response;
}

/** A parameter Chargebee does not take, or of the wrong type: its 400 `param_wrong_value`. */
export function chargebeeParamError(param: string, message: string): EmulatorResponse {
  return chargebeeError(
    400,
    { type: 'invalid_request', apiErrorCode: 'param_wrong_value', param, message: `${param} : ${message}` },
    { notSaved: true },
  );
}

/** A parameter Chargebee accepts that the emulator does not model: refused, never ignored. */
export function chargebeeEmulatorUnsupported(param: string): EmulatorResponse {
  return chargebeeError(
    400,
    {
      type: 'invalid_request',
      apiErrorCode: 'emulator_unsupported',
      param,
      message: `${param} : the billbridge emulator does not model this parameter; Chargebee accepts it. See docs/emulator.md.`,
    },
    { notSaved: true },
  );
}

/** `resource_not_found`. */
export function chargebeeNotFound(resource: string, id: string): EmulatorResponse {
  return chargebeeError(404, {
    type: 'invalid_request',
    apiErrorCode: 'resource_not_found',
    message: `Sorry, we couldn't find that resource (${resource} ${JSON.stringify(id)})`,
  });
}

/** `invalid_state_for_request` (409): e.g. voiding a paid or already voided invoice. */
export function chargebeeInvalidState(message: string): EmulatorResponse {
  return chargebeeError(409, { type: 'invalid_request', apiErrorCode: 'invalid_state_for_request', message });
}

/** The provider's bodies for the errors the server itself raises. */
export const chargebeeServerErrors = {
  notFound: (method: string, path: string) =>
    chargebeeError(
      404,
      {
        type: 'invalid_request',
        apiErrorCode: 'resource_not_found',
        message: `Sorry, we couldn't find that resource: ${method} ${path} is not an endpoint the billbridge emulator covers (see docs/emulator.md).`,
      },
      { notSaved: true },
    ),
  forStatus(status: number, code?: string): EmulatorResponse {
    const fields = injectedChargebeeError(status);
    if (code === undefined) return chargebeeError(status, fields);
    const known = CHARGEBEE_CODE_MESSAGES[code];
    return chargebeeError(status, {
      type: known?.type ?? fields.type,
      apiErrorCode: code,
      message: known?.message ?? `${fields.message} (${code})`,
    });
  },
  methodNotAllowed: (method: string, path: string) =>
    chargebeeError(
      405,
      {
        type: 'invalid_request',
        apiErrorCode: 'http_method_not_supported',
        message: `Sorry, the http method ${method} is not supported for ${path}.`,
      },
      { notSaved: true },
    ),
  tooLarge: (limit: number) =>
    chargebeeError(
      413,
      {
        type: 'invalid_request',
        apiErrorCode: 'invalid_request',
        message: `Request body over ${limit} bytes.`,
      },
      { notSaved: true },
    ),
  internal: () =>
    chargebeeError(500, {
      type: 'operation_failed',
      apiErrorCode: 'internal_error',
      message: 'The billbridge emulator failed on this request.',
    }),
};

type ChargebeeErrorFields = { type: string; apiErrorCode: string; message: string };

/** Chargebee's error for an injected status: its usual type, code and message for that status. */
function injectedChargebeeError(status: number): ChargebeeErrorFields {
  const failed =
    'Sorry, something went wrong when trying to process the request (injected by the billbridge emulator).';
  if (status === 429)
    return {
      type: 'operation_failed',
      apiErrorCode: 'api_request_limit_exceeded',
      message: 'Sorry, access has been blocked temporarily due to request count exceeding acceptable limits.',
    };
  if (status === 409)
    return {
      type: 'invalid_request',
      apiErrorCode: 'invalid_state_for_request',
      message: 'Injected invalid state (billbridge emulator).',
    };
  if (status === 401)
    return {
      type: 'untyped',
      apiErrorCode: 'api_authentication_failed',
      message: 'Sorry, authentication failed. Invalid api key.',
    };
  if (status === 503)
    return { type: 'operation_failed', apiErrorCode: 'internal_temporary_error', message: failed };
  if (status >= 500) return { type: 'operation_failed', apiErrorCode: 'internal_error', message: failed };
  return {
    type: 'invalid_request',
    apiErrorCode: 'invalid_request',
    message: `Injected ${status} (billbridge emulator).`,
  };
}

/**
 * Type and message of the codes a fault rule may name with `code` (Chargebee's v2 OpenAPI spec
 * lists `lock_timeout` under its 429 error, type `operation_failed`: "multiple concurrent requests
 * to the same resource"); any other code keeps the status's type.
 */
const CHARGEBEE_CODE_MESSAGES: Record<string, { type: string; message: string }> = {
  lock_timeout: {
    type: 'operation_failed',
    message:
      'Sorry, there are multiple concurrent requests to the same resource; please retry (injected by the billbridge emulator).',
  },
};
