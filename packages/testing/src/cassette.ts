import { readFileSync } from 'node:fs';
import { interactionProblem } from './interaction-shape.js';
import { setOwnProperty } from './own-property.js';

/** Where a cassette's exchanges came from. `documented`: authored from the provider's documented examples. */
export type CassetteSource = 'recorded' | 'documented';

/**
 * Where a cassette's exchanges come from: the provider, its API version, the SDK that made them, and
 * whether they were recorded or documented.
 */
export interface CassetteMeta {
  provider: string;
  /** The provider API version the exchanges belong to (Stripe `2023-08-16`, Chargebee `v2`). */
  apiVersion: string;
  /** The SDK that made the requests, e.g. `stripe@23.1.0`. */
  sdkVersion: string;
  source: CassetteSource;
  /** Scheme and host the requests go to, e.g. `https://api.stripe.com`. */
  origin: string;
  description?: string;
}

/**
 * The request a cassette interaction matches: method, path with query, the exact decoded body and the
 * headers it must carry.
 */
export interface CassetteRequest {
  method: string;
  /** Path with its query string, e.g. `/v1/invoices/in_1/void`. */
  path: string;
  /**
   * Decoded body the request must carry, exactly, one value per key. `{}` for no body. A form
   * body's fields as sent (a key sent twice matches no cassette body: `tags=a&tags=b` is not
   * `{ tags: "a,b" }`); a JSON body's (`bodyEncoding: "json"`) values are each field's JSON text.
   */
  body?: Record<string, string> | null;
  /**
   * How the body is sent: `form` (`application/x-www-form-urlencoded`, the default: every cassette
   * written before this field) or `json`, whose `body` values are JSON text (`"usd"`, `300`,
   * `null`) compared as JSON. A JSON request never matches a form body, nor the reverse.
   */
  bodyEncoding?: 'form' | 'json';
  /**
   * Headers the request must carry (lower-case names). `"*"` means present with any value;
   * `"*same:<label>"` present, with one value for every header of that label in the cassette and
   * another for every other label (recorded idempotency keys: a retry sends its call's key again,
   * a new call a new key).
   */
  headers?: Record<string, string>;
}

/** How a header value in a cassette names a value shared by label (`*same:k1`). */
export const SAME_VALUE_PREFIX = '*same:';

/** What a cassette interaction answers: a status with headers and body, or a network error instead. */
export interface CassetteResponse {
  status: number;
  headers?: Record<string, string>;
  /** A JSON body, or a string for a non-JSON answer. */
  body?: unknown;
  /** Instead of answering, fail the connection with this error code (e.g. `ECONNRESET`). */
  networkError?: string;
  /** Hold the answer this long (ms), for timeout tests. */
  delayMs?: number;
}

/** One request a cassette expects and the response it answers with. */
export interface CassetteInteraction {
  /** What this exchange shows, for people reading the file. */
  note?: string;
  request: CassetteRequest;
  response: CassetteResponse;
}

/**
 * A recorded (or documented) set of provider HTTP exchanges: its `meta` (provider, API and SDK version,
 * source) and the interactions in order.
 */
export interface Cassette {
  meta: CassetteMeta;
  interactions: CassetteInteraction[];
}

/** Reads and parses a cassette file, checked by `assertCassetteShape`. */
export function readCassette(file: string): Cassette {
  const cassette = JSON.parse(readFileSync(file, 'utf8')) as Cassette;
  assertCassetteShape(cassette, file);
  return cassette;
}

/**
 * Throws, naming `file`, unless `cassette` has a complete `meta` and well-formed interactions (each
 * checked by `interactionProblem`; the error names the first bad one's index).
 */
export function assertCassetteShape(cassette: Cassette, file = 'cassette'): void {
  const meta = cassette?.meta;
  const missing = (['provider', 'apiVersion', 'sdkVersion', 'source', 'origin'] as const).filter(
    (field) => typeof meta?.[field] !== 'string' || meta[field] === '',
  );
  if (missing.length) throw new Error(`${file}: meta is missing ${missing.join(', ')}`);
  if (meta.source !== 'recorded' && meta.source !== 'documented') {
    throw new Error(`${file}: meta.source must be "recorded" or "documented"`);
  }
  if (!Array.isArray(cassette.interactions)) throw new Error(`${file}: interactions must be an array`);
  cassette.interactions.forEach((interaction, index) => {
    const problem = interactionProblem(interaction);
    if (problem !== undefined) throw new Error(`${file}: interaction ${index} ${problem}`);
  });
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes an `application/x-www-form-urlencoded` (or JSON) body into a flat record, in order. */
export function decodeBody(body: string | undefined | null): Record<string, string> {
  if (!body) return {};
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    // `{a}=1` starts like JSON and is not: it is read as the form it may be (the SyntaxError
    // escaped the replay's reply callback and the request hung).
    const parsed = parseJsonObject(trimmed);
    if (parsed !== undefined)
      return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, bodyValueText(value)]));
  }
  // Own properties, as the JSON branch's Object.fromEntries makes them: `decoded['__proto__'] = x`
  // would drop the field.
  const decoded: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(trimmed)) {
    // A repeated key keeps every value (`a=1&a=2` → "1,2" in order), so a second value sent by
    // mistake is not hidden behind the first.
    setOwnProperty(decoded, key, Object.hasOwn(decoded, key) ? `${decoded[key]},${value}` : value);
  }
  return decoded;
}

/**
 * A JSON body field as text: a string as it is, anything else as JSON, so a nested object or an
 * array compares by its content (`String()` made every object "[object Object]"). The number 1 and
 * the string "1" still read the same, as form bodies have no types.
 */
export function bodyValueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
