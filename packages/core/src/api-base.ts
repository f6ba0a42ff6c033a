import * as z from 'zod';

/** Where an SDK sends its requests, as the SDKs' own options spell it. */
export interface ApiEndpoint {
  protocol: 'http' | 'https';
  /** Host name or IP address, without the port (`127.0.0.1`, `api.stripe.com`). */
  host: string;
  port: number;
}

/**
 * An `apiBase` setting: the origin of a server that answers like the provider (the billbridge
 * emulator, a test-mode proxy), e.g. `http://127.0.0.1:12111`. Only `http:`/`https:`, no user
 * name or password, no path other than `/`, no query or fragment: the SDKs build the paths.
 */
export const apiBaseSchema = z
  .string('must be a URL such as "http://127.0.0.1:12111"')
  .refine((value) => parseApiBaseOrUndefined(value) !== undefined, {
    message: 'must be an http(s) origin such as "http://127.0.0.1:12111" (no credentials, path or query)',
  });

function parseApiBaseOrUndefined(value: string): ApiEndpoint | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  if (url.pathname !== '/' && url.pathname !== '') return undefined;
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  // IPv6 literals come back bracketed (`[::1]`); the SDKs want the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
  return { protocol, host, port };
}

/** The SDK endpoint an `apiBase` names. Throws a `TypeError` on a value `apiBaseSchema` refuses. */
export function parseApiBase(apiBase: string): ApiEndpoint {
  const endpoint = parseApiBaseOrUndefined(apiBase);
  if (endpoint === undefined) throw new TypeError('not an http(s) origin');
  return endpoint;
}

/**
 * The combinations both providers' settings refuse: connection settings next to an injected
 * `client` (they would be silently ignored), and `apiBase` next to the separate endpoint options
 * it replaces.
 */
export function refuseConflictingConnectionSettings(
  settings: Record<string, unknown>,
  context: z.RefinementCtx,
  keys: { withClient: readonly string[]; endpoint: readonly string[] },
): void {
  if (settings.client !== undefined) {
    for (const key of keys.withClient) {
      if (settings[key] === undefined) continue;
      context.addIssue({
        code: 'custom',
        path: [key],
        message:
          key === 'apiKey'
            ? 'give client or apiKey, not both'
            : 'must not be given together with client (configure the client instead)',
      });
    }
  }
  if (settings.apiBase !== undefined && keys.endpoint.some((key) => settings[key] !== undefined)) {
    context.addIssue({
      code: 'custom',
      path: ['apiBase'],
      message: `give apiBase or ${keys.endpoint.join('/')}, not both`,
    });
  }
}
