import { z } from 'zod';

/** Longest id billbridge accepts. Stripe ids are well under this; Chargebee caps ids at 50–100. */
export const MAX_ID_LENGTH = 255;

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
  .regex(/^[A-Za-z0-9_\-.:@+]+$/, 'may only contain letters, digits and _ - . : @ +')
  .refine((id) => !id.includes('..'), 'must not contain ".."');
