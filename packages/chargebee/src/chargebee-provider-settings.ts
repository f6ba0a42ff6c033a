import type Chargebee from 'chargebee';
import { z } from 'zod';

/** True for something that looks like a configured `chargebee` v3 client (`new Chargebee({ site, apiKey })`). */
export function isChargebeeClient(value: unknown): value is Chargebee {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { invoice?: { voidInvoice?: unknown }; creditNote?: { create?: unknown } };
  return (
    typeof candidate.invoice?.voidInvoice === 'function' && typeof candidate.creditNote?.create === 'function'
  );
}

/**
 * Settings of `createChargebeeProvider()`. Either `client` (a `Chargebee` instance you configured)
 * or `site` + `apiKey` (billbridge then creates the client with the SDK's retries off).
 * The API key is never echoed: validation messages name the field, never its value.
 */
export const chargebeeProviderSettingsSchema = z
  .strictObject({
    client: z
      .custom<Chargebee>(isChargebeeClient, 'must be a Chargebee instance (new Chargebee({ site, apiKey }))')
      .optional(),
    /** The site name: `acme-test` for `https://acme-test.chargebee.com`. */
    site: z
      .string()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'must be a Chargebee site name such as "acme-test"')
      .optional(),
    apiKey: z.string().min(1, 'must not be empty').optional(),
    /**
     * Whether the site has "Void invoices with credit note" on. There is no per-request switch:
     * this only tells billbridge (capabilities, the memory provider) what the site does.
     */
    voidCreatesCreditNote: z.boolean().default(false),
    /** Client-side timeout per request, ms (SDK default 80 000). Only with `site` + `apiKey`. */
    timeoutMs: z.int().min(1).max(600_000).optional(),
    /** For a local server that answers like Chargebee (benchmarks): `{ hostSuffix: '', protocol: 'http', port }`. */
    hostSuffix: z.string().optional(),
    protocol: z.enum(['https', 'http']).optional(),
    port: z.int().min(1).max(65_535).optional(),
  })
  .superRefine((settings, context) => {
    if (settings.client) {
      for (const key of ['site', 'apiKey', 'timeoutMs', 'hostSuffix', 'protocol', 'port'] as const) {
        if (settings[key] !== undefined) {
          context.addIssue({
            code: 'custom',
            path: [key],
            message: 'must not be given together with client (configure the client instead)',
          });
        }
      }
      return;
    }
    if (settings.site === undefined) {
      context.addIssue({ code: 'custom', path: ['site'], message: 'is required when no client is given' });
    }
    if (settings.apiKey === undefined) {
      context.addIssue({ code: 'custom', path: ['apiKey'], message: 'is required when no client is given' });
    }
  });

export type ChargebeeProviderSettings = z.input<typeof chargebeeProviderSettingsSchema>;
