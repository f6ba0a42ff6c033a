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
 *
 * The schema checks the shape (and that `client` is not mixed with connection settings); that
 * `site` + `apiKey` are present without a `client` is checked by the factory, so a configuration
 * layer can validate partial settings and fill `site` / `apiKey` from the environment
 * (`CHARGEBEE_SITE`, `CHARGEBEE_API_KEY`). `voidCreatesCreditNote` defaults to `false` in the factory.
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
    voidCreatesCreditNote: z.boolean().optional(),
    /** Client-side timeout per request, ms (SDK default 80 000). Only with `site` + `apiKey`. */
    timeoutMs: z.int().min(1).max(600_000).optional(),
    /** For a local server that answers like Chargebee (benchmarks): `{ hostSuffix: '', protocol: 'http', port }`. */
    hostSuffix: z.string().optional(),
    protocol: z.enum(['https', 'http']).optional(),
    port: z.int().min(1).max(65_535).optional(),
    /**
     * The Basic auth Chargebee sends with each webhook ("Protect webhook URL with basic
     * authentication" in the webhook's settings). Chargebee does not sign deliveries: without it,
     * anyone who knows the URL can post events. Needed only for `billing.parseWebhook`.
     */
    webhookAuth: z
      .strictObject({
        username: z
          .string('must be a string')
          .min(1, 'must not be empty')
          .regex(/^[^:]*$/, 'must not contain ":" (RFC 7617)'),
        password: z.string('must be a string').min(1, 'must not be empty'),
      })
      .optional(),
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
    }
  });

export type ChargebeeProviderSettings = z.input<typeof chargebeeProviderSettingsSchema>;
