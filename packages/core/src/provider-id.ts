import * as z from 'zod';

/** Longest id billbridge accepts. Stripe ids are well under this; Chargebee caps ids at 50–100. */
export const MAX_ID_LENGTH = 255;

const PROVIDER_ID_CHARACTERS = /^[A-Za-z0-9_\-.:@+]+$/;

/**
 * An opaque provider id (`in_123`, `cus_…`, a Chargebee invoice number). Ids end up in URL paths,
 * so only a conservative ASCII alphabet is accepted: letters, digits and `_ - . : @ +`. That rules
 * out `/`, `?`, `#`, `%` (no pre-encoded separators), whitespace, control and non-ASCII characters;
 * `..` is refused as well so an id can never address another endpoint, and so is an id that is
 * `.` alone: a dot segment, which fetch (chargebee-node's transport) removes from the path, so
 * `/api/v2/invoices/.` became `GET /api/v2/invoices/`, the list endpoint.
 */
export const providerIdSchema = z
  .string('must be a string id')
  .min(1, 'must not be empty')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .regex(PROVIDER_ID_CHARACTERS, 'may only contain letters, digits and _ - . : @ +')
  .refine((id) => !id.includes('..'), 'must not contain ".."')
  .refine((id) => id !== '.', 'must not be "."');

/**
 * The same rules as `providerIdSchema`, as a plain check: the client's hot path takes it and
 * parses with zod only to explain a refusal. A property test keeps the two in step.
 */
export function isProviderId(value: unknown): value is string {
  if (typeof value !== 'string' || value.length < 1 || value.length > MAX_ID_LENGTH) return false;
  if (value === '.') return false;
  // A loop over a table rather than the regex: on a void's path the code runs cold between
  // requests, and entering the regex engine costs more there than these few comparisons.
  let previous = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code >= 128 || ID_CHARACTER[code] === 0) return false;
    if (code === DOT && previous === DOT) return false;
    previous = code;
  }
  return true;
}

const DOT = 46;

/** 1 for each ASCII code `PROVIDER_ID_CHARACTERS` allows. */
const ID_CHARACTER = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if (PROVIDER_ID_CHARACTERS.test(String.fromCharCode(code))) ID_CHARACTER[code] = 1;
}
