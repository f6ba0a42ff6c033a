import { z } from 'zod';

/**
 * Provider options are namespaced by provider (`{ stripe: {...}, chargebee: {...} }`). The client
 * checks the shape here; each provider parses its own namespace with its own strict zod schema and
 * ignores the others, so one call site works unchanged across providers.
 */
export const providerOptionsSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a provider name such as "stripe" or "chargebee"'),
  z.record(z.string(), z.unknown(), 'must be an object of options'),
);

export type ProviderOptions = z.infer<typeof providerOptionsSchema>;
