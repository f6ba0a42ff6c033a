import qs from 'qs';
import type { EmulatorResponse } from '../http/emulator-exchange.js';
import { isFormBody } from '../http/is-form-body.js';
import { stripeError } from './stripe-error.js';

/**
 * Stripe's bodies are `application/x-www-form-urlencoded` with qs-style brackets (`metadata[k]=v`,
 * `lines[0][amount]=500`), which is what stripe-node's encoder writes; GET parameters come in the
 * query string the same way. Decoded with qs (the library stripe-node's own encoding targets):
 * arrays up to 1 000 items, nesting up to 8 levels (deeper is Stripe's 400, never silently a key).
 */
export function decodeStripeForm(
  rawBody: string,
  contentType: string | undefined,
  rawQuery: string,
): { body: Record<string, unknown>; query: Record<string, unknown> } | EmulatorResponse {
  if (!isFormBody(rawBody, contentType))
    return stripeError(
      400,
      {
        type: 'invalid_request_error',
        message: `Invalid request: Stripe takes application/x-www-form-urlencoded bodies, not ${contentType ?? 'a body without Content-Type'}.`,
      },
      { notSaved: true },
    );
  try {
    return { body: parse(rawBody), query: parse(rawQuery) };
  } catch (error) {
    return stripeError(
      400,
      { type: 'invalid_request_error', message: `Invalid request parameters: ${(error as Error).message}` },
      { notSaved: true },
    );
  }
}

function parse(text: string): Record<string, unknown> {
  if (text === '') return {};
  return qs.parse(text, {
    depth: 8,
    strictDepth: true,
    arrayLimit: 1000,
    parameterLimit: 10_000,
    throwOnLimitExceeded: true,
    allowPrototypes: false,
    plainObjects: true,
  }) as Record<string, unknown>;
}
