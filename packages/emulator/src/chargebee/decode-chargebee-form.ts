import type { EmulatorResponse } from '../http/emulator-exchange.js';
import { isFormBody } from '../http/is-form-body.js';
import { chargebeeError } from './chargebee-error.js';

/** A decoded form: nested objects whose leaves are the strings sent; array indices stay keys (`'0'`). */
export type ChargebeeFormTree = { [key: string]: ChargebeeFormTree | string };

/** Largest number of fields, key length and bracket depth a request may carry. */
export const CHARGEBEE_FORM_LIMITS = { fields: 1_000, keyLength: 300, depth: 4 } as const;

const KEY = /^([A-Za-z0-9_]+)((?:\[[A-Za-z0-9_]+\])*)$/;

/**
 * Chargebee's bodies are `application/x-www-form-urlencoded` as chargebee-node 3.33 writes them
 * (`encodeParams` in its util.js): nested objects as `customer[first_name]=Ada`, arrays with the
 * index AFTER the field (`charges[amount][0]=100&charges[description][0]=Setup`), primitive arrays
 * as `coupon_ids[0]=x`, some parameters (`jsonKeys`) as one JSON-encoded value, spaces as `+`.
 * GET parameters come the same way in the query string (`customer_id[is]=x`, `limit=10`).
 *
 * This turns either into a tree of strings, keeping every index as a key, so the operation's
 * schema (chargebee-request-schemas.json) decides what is an array; the route validates it. A key
 * that is not a name with bracketed names or indices, a key sent twice, or more than the limits is
 * Chargebee's 400, never silently dropped.
 */
export function decodeChargebeeForm(
  rawBody: string,
  contentType: string | undefined,
  rawQuery: string,
): { body: Record<string, unknown>; query: Record<string, unknown> } | EmulatorResponse {
  if (!isFormBody(rawBody, contentType)) {
    return chargebeeError(
      400,
      {
        type: 'invalid_request',
        apiErrorCode: 'invalid_request',
        message: `Chargebee takes application/x-www-form-urlencoded request bodies, not ${contentType ? JSON.stringify(contentType.slice(0, 100)) : 'a body without Content-Type'}.`,
      },
      { notSaved: true },
    );
  }
  const body = parseForm(rawBody);
  if (typeof body === 'string') return formError(body);
  const query = parseForm(rawQuery);
  if (typeof query === 'string') return formError(query);
  return { body, query };
}

function formError(message: string): EmulatorResponse {
  return chargebeeError(
    400,
    { type: 'invalid_request', apiErrorCode: 'invalid_request', message },
    { notSaved: true },
  );
}

/** The tree, or why the text is not a Chargebee form. */
export function parseForm(text: string): ChargebeeFormTree | string {
  const tree: ChargebeeFormTree = Object.create(null);
  if (text === '') return tree;
  const pairs = text.split('&');
  if (pairs.length > CHARGEBEE_FORM_LIMITS.fields) {
    return `Too many parameters (more than ${CHARGEBEE_FORM_LIMITS.fields}).`;
  }
  for (const pair of pairs) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawKey = equals < 0 ? pair : pair.slice(0, equals);
    const rawValue = equals < 0 ? '' : pair.slice(equals + 1);
    const key = formDecode(rawKey);
    const value = formDecode(rawValue);
    if (key === undefined || value === undefined) return 'The request has a malformed percent-encoding.';
    if (key.length > CHARGEBEE_FORM_LIMITS.keyLength) return 'A parameter name is too long.';
    const match = KEY.exec(key);
    if (!match) return `${printable(key)} is not a parameter name Chargebee reads.`;
    const segments = [match[1]!, ...[...match[2]!.matchAll(/\[([^\]]+)\]/g)].map((found) => found[1]!)];
    if (segments.length > CHARGEBEE_FORM_LIMITS.depth) return `${printable(key)} is nested too deeply.`;
    let node = tree;
    for (let index = 0; index < segments.length; index++) {
      const segment = segments[index]!;
      const last = index === segments.length - 1;
      const existing = node[segment];
      if (last) {
        if (existing !== undefined) return `${printable(key)} is given more than once.`;
        node[segment] = value;
      } else {
        if (typeof existing === 'string') return `${printable(key)} is given more than once.`;
        const child: ChargebeeFormTree = existing ?? Object.create(null);
        node[segment] = child;
        node = child;
      }
    }
  }
  return tree;
}

function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** A parameter name as an error message may quote it (bounded, control characters escaped). */
export function printable(key: string): string {
  return JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key);
}
