import type { CassetteRequest } from './cassette.js';

/** A decoded `key=value` pair of a query or a body. */
export type Pair = readonly [key: string, value: string];

/** How a request body was sent: a form, JSON, or nothing at all. */
export type BodyEncoding = 'form' | 'json' | 'none';

/** A request body as the matcher compares it: its encoding and its decoded pairs (repeats kept). */
export interface DecodedBody {
  encoding: BodyEncoding;
  pairs: Pair[];
  /** Why the body could not be read as its content type says (JSON that does not parse, …). */
  problem?: string;
}

/** The query of a path as flat decoded pairs, in order, repeated keys kept (`a[b]` stays `a[b]`). */
export function queryPairs(path: string): Pair[] {
  const question = path.indexOf('?');
  if (question === -1) return [];
  return [...new URLSearchParams(path.slice(question + 1))];
}

/** The path without its query string. */
export function pathnameOf(path: string): string {
  const question = path.indexOf('?');
  return question === -1 ? path : path.slice(0, question);
}

/** JSON text with every object's keys sorted, so two objects with the same content read the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /[/+]json\b/i.test(contentType);
}

/**
 * Decodes a request body as its `content-type` says: JSON (`application/json`, `…+json`) into one
 * pair per top-level field, each value its canonical JSON text (`"usd"`, `300`, `null`); anything
 * else as a form, repeated keys kept as separate pairs. Without a content type, a body that parses
 * as a JSON object is JSON. A JSON body that does not parse, or is not an object, is a `problem`.
 */
export function decodeRequestBody(rawBody: string, contentType?: string): DecodedBody {
  if (rawBody.trim() === '') return { encoding: 'none', pairs: [] };
  const trimmed = rawBody.trim();
  const declaredJson = isJsonContentType(contentType);
  if (declaredJson || (contentType === undefined && trimmed.startsWith('{'))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      if (declaredJson) return { encoding: 'json', pairs: [], problem: 'is not valid JSON' };
      return { encoding: 'form', pairs: [...new URLSearchParams(trimmed)] };
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { encoding: 'json', pairs: [], problem: 'is JSON but not an object' };
    }
    return {
      encoding: 'json',
      pairs: Object.entries(parsed).map(([key, value]) => [key, canonicalJson(value)] as const),
    };
  }
  return { encoding: 'form', pairs: [...new URLSearchParams(trimmed)] };
}

/**
 * The body a cassette interaction expects, as pairs: a form body's fields as written; a JSON body's
 * (`bodyEncoding: "json"`) values are JSON text, compared in canonical form (so `{"y":2,"x":1}` is
 * `{"x":1,"y":2}`, and `null` is not `"null"`).
 */
export function expectedBody(request: CassetteRequest): DecodedBody {
  const entries = Object.entries(request.body ?? {});
  if (entries.length === 0) return { encoding: 'none', pairs: [] };
  if (request.bodyEncoding === 'json') {
    return {
      encoding: 'json',
      pairs: entries.map(([key, value]) => {
        try {
          return [key, canonicalJson(JSON.parse(value))] as const;
        } catch {
          return [key, value] as const;
        }
      }),
    };
  }
  return { encoding: 'form', pairs: entries };
}

function comparePairs(a: Pair, b: Pair): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Whether two lists hold the same pairs, in any order, each as many times. */
export function samePairs(a: readonly Pair[], b: readonly Pair[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...a].sort(comparePairs);
  const right = [...b].sort(comparePairs);
  return left.every((pair, index) => comparePairs(pair, right[index]!) === 0);
}

/** Pairs as `key=value&…`, decoded, for a message. */
export function formatPairs(pairs: readonly Pair[]): string {
  return pairs.length ? pairs.map(([key, value]) => `${key}=${value}`).join('&') : '(none)';
}
