import { z } from 'zod';

/** Longest id billbridge accepts. Stripe ids are well under this; Chargebee caps ids at 50–100. */
export const MAX_ID_LENGTH = 255;

const PROVIDER_ID_CHARACTERS = /^[A-Za-z0-9_\-.:@+]+$/;

/**
 * An opaque provider id (`in_123`, `cus_…`, a Chargebee invoice number). Ids end up in URL paths,
 * so only a conservative ASCII alphabet is accepted: letters, digits and `_ - . : @ +`. That rules
 * out `/`, `?`, `#`, `%` (no pre-encoded separators), whitespace, control and non-ASCII characters;
 * `..` is refused as well so an id can never address another endpoint.
 */
export const providerIdSchema = z
  .string('must be a string id')
  .min(1, 'must not be empty')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .regex(PROVIDER_ID_CHARACTERS, 'may only contain letters, digits and _ - . : @ +')
  .refine((id) => !id.includes('..'), 'must not contain ".."');

/**
 * The same rules as `providerIdSchema`, as a plain check: the client's hot path takes it and
 * parses with zod only to explain a refusal. A property test keeps the two in step.
 */
export function isProviderId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= MAX_ID_LENGTH &&
    PROVIDER_ID_CHARACTERS.test(value) &&
    !value.includes('..')
  );
}
