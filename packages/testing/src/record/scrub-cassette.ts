import type { Cassette } from '../cassette.js';
import { mapStrings } from './map-strings.js';
import { scrubRequestPath } from './scrub-request-path.js';

/**
 * What `scrubCassette` removes: secrets (verbatim and in their Basic-auth form) and the Chargebee site
 * name, replaced by `siteReplacement`.
 */
export interface ScrubCassetteOptions {
  /**
   * Secrets to remove wherever they appear, verbatim and in their `Basic` base64 form (the API key).
   * Each must be at least 6 characters: a shorter one would match unrelated text, so it is refused
   * (an `Error` naming its length) rather than left in the cassette (until 2026-12-07 it was
   * ignored without a word). Empty strings are ignored (an unset option).
   */
  secrets?: readonly string[];
  /** The Chargebee site name to replace (in the origin, URLs and bodies). */
  site?: string;
  /** What the site name becomes (default `billbridge-test`). */
  siteReplacement?: string;
}

/** Request and response headers a cassette may keep; every other header is dropped. */
export const KEPT_HEADERS = new Set([
  'content-type',
  'request-id',
  'stripe-version',
  'idempotency-key',
  'idempotent-replayed',
  'original-request',
  'stripe-should-retry',
  'retry-after',
  'chargebee-idempotency-key',
  'chargebee-idempotency-replayed',
]);

/**
 * Each placeholder's pattern, what it becomes, and substrings one of which any match contains:
 * the pattern is run only on text that has one. Most strings of a cassette hold none, and the
 * email pattern backtracks over every run of word characters (quadratic in a long id or body text).
 */
const placeholders: [pattern: RegExp, replacement: string, needs: readonly string[]][] = [
  // No word boundary before a key: one right after a letter or digit (`%20sk_test_…` in an encoded
  // header, an echoed `xsk_test_…`) is a key all the same (until 2026-12-07 it was kept).
  [/(sk|rk|pk)_(live|test)_[A-Za-z0-9]+/g, '$1_$2_REDACTED', ['_live_', '_test_']],
  [/whsec_[A-Za-z0-9]+/g, 'whsec_REDACTED', ['whsec_']],
  [/\bacct_[A-Za-z0-9]+/g, 'acct_REDACTED', ['acct_']],
  [/\b(live|test)_[A-Za-z0-9]{16,}/g, '$1_REDACTED', ['live_', 'test_']],
  [/\b(Basic|Bearer)\s+[A-Za-z0-9+/=_.-]{8,}/g, '$1 REDACTED', ['Basic', 'Bearer']],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, 'customer@example.com', ['@']],
  // An address inside a percent-encoded string (a URL's query held in a body): `ada%40example.org`.
  [/[A-Za-z0-9._%+-]+%40[A-Za-z0-9.-]+\.[A-Za-z]{2,}/gi, 'customer%40example.com', ['%40']],
];

/** `encodeURIComponent` plus the characters RFC 3986 reserves and qs encodes: `!'()*` (`*` → `%2A`). */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A function that scrubs one string. */
export function createStringScrubber(options: ScrubCassetteOptions = {}): (text: string) => string {
  const secrets = (options.secrets ?? []).filter((secret) => secret !== '');
  const short = secrets.find((secret) => secret.length < 6);
  if (short !== undefined) {
    throw new Error(
      `a secret of ${short.length} characters is too short to scrub from a cassette (it would match unrelated text): use one of at least 6`,
    );
  }
  // Each secret as it may be written: plain, Basic auth's base64 (with and without the colon),
  // and each of those URL-encoded as a path or query does (`%21`), as qs does (`*` → `%2A`) and as
  // a form body does (`+`). A request path is also scrubbed decoded (scrubRequestPath).
  const forms = [
    ...new Set(
      secrets.flatMap((secret) =>
        [
          secret,
          Buffer.from(`${secret}:`).toString('base64'),
          Buffer.from(secret).toString('base64'),
        ].flatMap((text) => [
          text,
          encodeURIComponent(text),
          encodeRfc3986(text),
          new URLSearchParams({ s: text }).toString().slice(2),
        ]),
      ),
    ),
  ].sort((a, b) => b.length - a.length);
  const site = options.site;
  // Not inside a longer name, but after an escape it may be (`https%3A%2F%2Facme-test.…`: the `F`
  // of `%2F` ends the escape, not a name).
  const sitePattern = site
    ? new RegExp(`(?<!(?<!%[0-9A-Fa-f])[A-Za-z0-9-])${escapeRegExp(site)}(?![A-Za-z0-9-])`, 'g')
    : undefined;
  const siteReplacement = options.siteReplacement ?? 'billbridge-test';
  return (text) => {
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join('REDACTED');
    for (const [pattern, replacement, needs] of placeholders) {
      if (needs.some((part) => out.includes(part))) out = out.replace(pattern, replacement);
    }
    if (sitePattern) out = out.replace(sitePattern, siteReplacement);
    return out;
  };
}

function keepHeaders(headers: Record<string, string> | undefined, scrub: (text: string) => string) {
  if (!headers) return undefined;
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (KEPT_HEADERS.has(name.toLowerCase())) kept[name.toLowerCase()] = scrub(value);
  }
  return kept;
}

/**
 * Returns a copy of `cassette` safe to commit (DESIGN §10): only known-harmless headers are kept
 * (so `Authorization`, cookies and `Stripe-Account` go), and in every remaining string — origin,
 * paths, bodies, object keys — API keys (`sk_`/`rk_`/`pk_`, Chargebee `live_`/`test_`, the given
 * secrets verbatim and base64), webhook secrets, `Basic`/`Bearer` credentials, account ids
 * (`acct_…`), email addresses and the Chargebee site name are replaced by placeholders.
 */
export function scrubCassette(cassette: Cassette, options: ScrubCassetteOptions = {}): Cassette {
  const scrub = createStringScrubber(options);
  return {
    meta: mapStrings(cassette.meta, scrub) as Cassette['meta'],
    interactions: cassette.interactions.map((interaction) => {
      const requestHeaders = keepHeaders(interaction.request.headers, scrub);
      const responseHeaders = keepHeaders(interaction.response.headers, scrub);
      return {
        ...(interaction.note !== undefined ? { note: scrub(interaction.note) } : {}),
        request: {
          method: interaction.request.method,
          path: scrubRequestPath(interaction.request.path, scrub),
          ...(interaction.request.body !== undefined
            ? { body: mapStrings(interaction.request.body, scrub) as Record<string, string> | null }
            : {}),
          ...(interaction.request.bodyEncoding !== undefined
            ? { bodyEncoding: interaction.request.bodyEncoding }
            : {}),
          ...(requestHeaders ? { headers: requestHeaders } : {}),
        },
        response: {
          ...interaction.response,
          ...(responseHeaders ? { headers: responseHeaders } : {}),
          ...(interaction.response.body !== undefined
            ? { body: mapStrings(interaction.response.body, scrub) }
            : {}),
        },
      };
    }),
  };
}
