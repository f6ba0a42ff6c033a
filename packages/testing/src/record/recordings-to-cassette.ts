import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import {
  type Cassette,
  type CassetteInteraction,
  type CassetteMeta,
  SAME_VALUE_PREFIX,
} from '../cassette.js';
import { setOwnProperty } from '../own-property.js';
import { decodeRequestBody } from '../request-pairs.js';

/** One exchange as nock's recorder gives it with `output_objects: true`. */
export interface NockRecording {
  scope: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  response?: unknown;
  rawHeaders?: Record<string, string> | string[];
  reqheaders?: Record<string, string | string[]>;
  responseIsBinary?: boolean;
}

/**
 * Request headers a recorded cassette asserts on playback: the API version as recorded; an
 * idempotency key as `*same:kN`, one label per distinct key recorded (`k1` for the first), so a
 * replay must send one key wherever the recording did (a retry reuses its call's key) and another
 * key where the recording did (DESIGN §8). Until 2026-12-07 every key was `*` (any value), and a
 * client that made up a new key for each attempt of a call replayed without a problem.
 */
function assertedRequestHeaders(): Record<string, (value: string) => string> {
  const labels = new Map<string, string>();
  const label = (value: string) => {
    let found = labels.get(value);
    if (found === undefined) {
      found = `${SAME_VALUE_PREFIX}k${labels.size + 1}`;
      labels.set(value, found);
    }
    return found;
  };
  return { 'stripe-version': (value) => value, 'idempotency-key': label, 'chargebee-idempotency-key': label };
}

function headerRecord(raw: NockRecording['rawHeaders']): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let index = 0; index + 1 < raw.length; index += 2)
      setOwnProperty(out, String(raw[index]).toLowerCase(), String(raw[index + 1]));
  } else if (raw) {
    for (const [name, value] of Object.entries(raw)) setOwnProperty(out, name.toLowerCase(), String(value));
  }
  return out;
}

/** The response body as JSON or text, decompressed when the recorder kept compressed hex chunks. */
function responseBody(recording: NockRecording, headers: Record<string, string>): unknown {
  const encoding = headers['content-encoding']?.toLowerCase();
  let body = recording.response;
  if (Array.isArray(body) && body.every((chunk) => typeof chunk === 'string')) {
    const buffer = Buffer.concat(body.map((chunk) => Buffer.from(chunk, 'hex')));
    const plain =
      encoding === 'gzip'
        ? gunzipSync(buffer)
        : encoding === 'deflate'
          ? inflateSync(buffer)
          : encoding === 'br'
            ? brotliDecompressSync(buffer)
            : buffer;
    const text = plain.toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (typeof body === 'string' && recording.responseIsBinary)
    body = Buffer.from(body, 'hex').toString('utf8');
  return body;
}

/**
 * The recorded request body as a cassette holds it: a form's fields, or (`bodyEncoding: "json"`) a
 * JSON object's fields as JSON text. A form key sent twice has no one-value-per-key spelling that
 * replay would match again, so it is refused rather than written as `a,b`.
 */
function requestBody(
  body: unknown,
  contentType: string | undefined,
): Pick<CassetteInteraction['request'], 'body' | 'bodyEncoding'> {
  if (body === undefined || body === null || body === '') return { body: {} };
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const decoded = decodeRequestBody(raw, typeof body === 'string' ? contentType : 'application/json');
  if (decoded.problem !== undefined) throw new Error(`a recorded request body ${decoded.problem}`);
  const out: Record<string, string> = {};
  for (const [key, value] of decoded.pairs) {
    if (Object.hasOwn(out, key))
      throw new Error(
        `a recorded form body sends ${JSON.stringify(key)} twice; a cassette body holds one value per key`,
      );
    setOwnProperty(out, key, value);
  }
  return decoded.encoding === 'json' ? { body: out, bodyEncoding: 'json' } : { body: out };
}

/** `https://api.stripe.com:443` → `https://api.stripe.com`. */
export function originOf(scope: string): string {
  return scope.replace(/^(https:\/\/[^/]+):443$/, '$1').replace(/^(http:\/\/[^/]+):80$/, '$1');
}

/**
 * Turns nock recorder output into the repo's cassette format (not yet scrubbed: pass the result to
 * `scrubCassette`). Bodies are decoded (form or JSON) and decompressed; the compression header is
 * dropped along with the compression.
 */
export function recordingsToCassette(
  recordings: readonly NockRecording[],
  meta: Omit<CassetteMeta, 'source' | 'origin'> & { origin?: string },
): Cassette {
  const origins = [...new Set(recordings.map((recording) => originOf(recording.scope)))];
  if (origins.length > 1) throw new Error(`recorded requests to several origins: ${origins.join(', ')}`);
  const asserting = assertedRequestHeaders();
  const interactions: CassetteInteraction[] = recordings.map((recording) => {
    const headers = headerRecord(recording.rawHeaders);
    const body = responseBody(recording, headers);
    delete headers['content-encoding'];
    delete headers['content-length'];
    const contentType = Object.entries(recording.reqheaders ?? {}).find(
      ([name]) => name.toLowerCase() === 'content-type',
    )?.[1];
    const request: CassetteInteraction['request'] = {
      method: recording.method.toUpperCase(),
      path: recording.path,
      ...requestBody(recording.body, Array.isArray(contentType) ? contentType.join(', ') : contentType),
    };
    const asserted: Record<string, string> = {};
    for (const [name, value] of Object.entries(recording.reqheaders ?? {})) {
      const lower = name.toLowerCase();
      // Own keys only: a header called `constructor` is not one of the asserted ones.
      const keep = Object.hasOwn(asserting, lower) ? asserting[lower] : undefined;
      if (keep) asserted[lower] = keep(Array.isArray(value) ? value.join(', ') : String(value));
    }
    if (Object.keys(asserted).length) request.headers = asserted;
    return {
      request,
      response: { status: recording.status, headers, ...(body !== undefined && body !== '' ? { body } : {}) },
    };
  });
  return {
    meta: { ...meta, source: 'recorded', origin: meta.origin ?? origins[0] ?? '' },
    interactions,
  };
}
