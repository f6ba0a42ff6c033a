import * as z from 'zod';
import {
  type ApiEndpoint,
  apiBaseSchema,
  parseApiBase,
  refuseConflictingConnectionSettings,
} from './api-base.js';

/**
 * What billbridge checks a `client` setting for: a `chargebee` v3 instance
 * (`new Chargebee({ site, apiKey })`). Structural, so the settings need no SDK.
 */
export interface ChargebeeClientLike {
  invoice: { voidInvoice: (...args: never[]) => unknown };
  creditNote: { create: (...args: never[]) => unknown };
}

/** True for something that looks like a configured `chargebee` v3 client (`new Chargebee({ site, apiKey })`). */
export function isChargebeeClient(value: unknown): value is ChargebeeClientLike {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { invoice?: { voidInvoice?: unknown }; creditNote?: { create?: unknown } };
  return (
    typeof candidate.invoice?.voidInvoice === 'function' && typeof candidate.creditNote?.create === 'function'
  );
}

/** Chargebee's own host suffix: a site `acme` is `https://acme.chargebee.com`. */
export const CHARGEBEE_HOST_SUFFIX = '.chargebee.com';

/**
 * The request header that carries the site name when `apiBase` points the SDK elsewhere. With
 * `apiBase` the SDK's host is the server's (chargebee v3 builds `{protocol}://{site}{hostSuffix}:{port}/api/v2/…`,
 * so the site name cannot stay in the host of a loopback server); the adapter then sends the
 * configured site on every request in this header, and a server such as the billbridge emulator
 * picks the account by it. Never sent to Chargebee itself.
 */
export const CHARGEBEE_SITE_HEADER = 'billbridge-chargebee-site';

/** True for a live-mode Chargebee key (`live_…`; test sites' keys start with `test_`). */
export function isChargebeeLiveKey(apiKey: string): boolean {
  return apiKey.startsWith('live_');
}

/** Key shape, checked before any use; the messages never contain the value. */
export const chargebeeApiKeySchema = z.string('must be a string').superRefine((key, context) => {
  if (key === '') context.addIssue({ code: 'custom', message: 'must not be empty' });
  else if (/\s/.test(key)) {
    context.addIssue({ code: 'custom', message: 'must not contain whitespace (a trailing newline?)' });
  }
});

/**
 * Settings of `createChargebeeProvider()` (and the `chargebee` section of the umbrella's config).
 * Either `client` (a `Chargebee` instance you configured) or `site` + `apiKey` (billbridge then
 * creates the client with the SDK's retries off). The API key is never echoed: validation
 * messages name the field, never its value.
 *
 * The schema checks the shape (and that `client` is not mixed with connection settings); that
 * `site` + `apiKey` are present without a `client` is checked by the factory, so a configuration
 * layer can validate partial settings and fill `site` / `apiKey` from the environment
 * (`CHARGEBEE_SITE`, `CHARGEBEE_API_KEY`). `voidCreatesCreditNote` defaults to `false` in the factory.
 */
export const chargebeeProviderSettingsSchema = z
  .strictObject({
    client: z
      .custom<ChargebeeClientLike>(
        isChargebeeClient,
        'must be a Chargebee instance (new Chargebee({ site, apiKey }))',
      )
      .optional(),
    /** The site name: `acme-test` for `https://acme-test.chargebee.com`. */
    site: z
      .string('must be a string')
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'must be a Chargebee site name such as "acme-test"')
      .optional(),
    apiKey: chargebeeApiKeySchema.optional(),
    /**
     * Whether the site has "Void invoices with credit note" on. There is no per-request switch:
     * this only tells billbridge (capabilities, the memory provider) what the site does.
     */
    voidCreatesCreditNote: z.boolean('must be a boolean').optional(),
    /** Client-side timeout per request, ms (SDK default 80 000). Only with `site` + `apiKey`. */
    timeoutMs: z.int('must be an integer').min(1).max(600_000).optional(),
    /**
     * Where a client billbridge creates sends requests, as one URL: the billbridge emulator
     * (`http://127.0.0.1:12111`) or another server that answers like Chargebee. Turned into the
     * SDK's `{ site: <host>, hostSuffix: '', protocol, port }`; the site name then travels in the
     * `billbridge-chargebee-site` header (`CHARGEBEE_SITE_HEADER`). A live key (`live_…`) is
     * refused with any host but `https://<site>.chargebee.com`.
     */
    apiBase: apiBaseSchema.optional(),
    /** The SDK's own endpoint options (benchmarks): `{ hostSuffix: '', protocol: 'http', port }`. */
    hostSuffix: z.string('must be a string').optional(),
    protocol: z.enum(['https', 'http'], { error: 'must be "http" or "https"' }).optional(),
    port: z.int('must be an integer').min(1).max(65_535).optional(),
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
    refuseConflictingConnectionSettings(settings, context, {
      withClient: ['site', 'apiKey', 'timeoutMs', 'apiBase', 'hostSuffix', 'protocol', 'port'],
      endpoint: ['hostSuffix', 'protocol', 'port'],
    });
    if (typeof settings.apiKey === 'string' && isChargebeeLiveKey(settings.apiKey)) {
      const endpoint = chargebeeEndpoint(settings);
      const own = `${settings.site ?? '<site>'}${CHARGEBEE_HOST_SUFFIX}`;
      if (
        endpoint !== undefined &&
        !(endpoint.host === own && endpoint.protocol === 'https' && endpoint.port === 443)
      ) {
        const path =
          settings.apiBase !== undefined
            ? 'apiBase'
            : settings.hostSuffix !== undefined
              ? 'hostSuffix'
              : settings.protocol !== undefined
                ? 'protocol'
                : 'port';
        context.addIssue({
          code: 'custom',
          path: [path],
          message: `is not https://${own}: a live key (live_…) is only sent to Chargebee itself; use a test site's key with other servers`,
        });
      }
    }
  });

/**
 * The settings `createChargebeeProvider` takes (`site`, `apiKey` or `client`, `webhookAuth`, `apiBase`,
 * …), as written by the caller; validated by `chargebeeProviderSettingsSchema`.
 */
export type ChargebeeProviderSettings = z.input<typeof chargebeeProviderSettingsSchema>;

/**
 * The host, protocol and port the SDK will send to, from `apiBase` or the separate
 * `hostSuffix` / `protocol` / `port` settings; `undefined` when none is set (Chargebee itself).
 */
export function chargebeeEndpoint(settings: {
  site?: string | undefined;
  apiBase?: string | undefined;
  hostSuffix?: string | undefined;
  protocol?: 'http' | 'https' | undefined;
  port?: number | undefined;
}): ApiEndpoint | undefined {
  if (settings.apiBase !== undefined) {
    try {
      return parseApiBase(settings.apiBase);
    } catch {
      return undefined;
    }
  }
  if (settings.hostSuffix === undefined && settings.protocol === undefined && settings.port === undefined) {
    return undefined;
  }
  const protocol = settings.protocol ?? 'https';
  return {
    host: `${settings.site ?? '<site>'}${settings.hostSuffix ?? CHARGEBEE_HOST_SUFFIX}`,
    protocol,
    port: settings.port ?? 443,
  };
}
