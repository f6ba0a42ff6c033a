import qs from 'qs';
import type { EmulatorResponse } from '../http/emulator-exchange.js';
import { isFormBody } from '../http/is-form-body.js';
import { stripeError, stripeUnknownParameter } from './stripe-error.js';

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
  const dropped = protoSegment(rawBody) ?? protoSegment(rawQuery);
  // At the top level it is an unknown parameter, as any other name Stripe does not take.
  if (dropped !== undefined && (dropped === '__proto__' || dropped.startsWith('__proto__[')))
    return stripeUnknownParameter('__proto__');
  if (dropped !== undefined)
    return stripeError(
      400,
      {
        type: 'invalid_request_error',
        param: dropped,
        message: `Invalid request: the emulator cannot take ${dropped}: it keeps no key named __proto__ inside a parameter (a metadata key of that name included), where Stripe would.`,
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

/**
 * The first field whose name has a `__proto__` segment (`metadata[__proto__]=x`, `__proto__=x`),
 * decoded as qs decodes names. qs drops such a segment without a word (its guard against
 * prototype pollution: `lib/parse.js`, `decodedRoot !== '__proto__'`), so the key would vanish: a
 * metadata key lost, and two requests that differ only there taken for the same one under one
 * Idempotency-Key. Refused with a 400 instead (docs/emulator.md, departures); at the top level it
 * is `parameter_unknown`, as Stripe answers any name it does not take.
 */
function protoSegment(text: string): string | undefined {
  // Only a name holding `proto`, or an escape of one of `_ p r o t`, can decode to one.
  if (!/proto|%(?:5f|70|72|6f|74)/i.test(text)) return undefined;
  for (const field of text.split('&')) {
    const equals = field.indexOf('=');
    let name = (equals < 0 ? field : field.slice(0, equals)).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
    try {
      name = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      continue; // qs keeps a malformed escape as it is: no `__proto__` segment can come of it
    }
    if (/(?:^|\[)__proto__(?:\]|\[|$)/.test(name)) return name;
  }
  return undefined;
}
