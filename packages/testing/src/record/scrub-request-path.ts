/**
 * Decodes one percent-encoded component, `+` as a space in a query (`form`), literally in a path;
 * `undefined` when its percent-encoding is malformed.
 */
function decodeComponent(text: string, form = true): string | undefined {
  try {
    return decodeURIComponent(form ? text.replace(/\+/g, ' ') : text);
  } catch {
    return undefined;
  }
}

/** One path segment decoded (`%40` → `@`), scrubbed, and encoded again only when scrubbing changed it. */
function scrubSegment(segment: string, scrub: (text: string) => string): string {
  const decoded = decodeComponent(segment, false);
  if (decoded === undefined) return scrub(segment);
  const scrubbed = scrub(decoded);
  if (scrubbed === decoded) return scrub(segment);
  return scrub(encodeURIComponent(scrubbed));
}

/**
 * One `key=value` pair of a query: its key and value are decoded and scrubbed, so a secret, email or
 * site name is found however it was percent-encoded (`%40`, `%2A`, an encoded URL). A pair that
 * scrubbing leaves alone keeps its original spelling; a changed one is written again with
 * `encodeURIComponent` (then scrubbed as text once more, for a secret that only its encoded form spells).
 */
function scrubPair(pair: string, scrub: (text: string) => string): string {
  const equals = pair.indexOf('=');
  const rawKey = equals === -1 ? pair : pair.slice(0, equals);
  const rawValue = equals === -1 ? undefined : pair.slice(equals + 1);
  const key = decodeComponent(rawKey);
  const value = rawValue === undefined ? undefined : decodeComponent(rawValue);
  if (key === undefined || (rawValue !== undefined && value === undefined)) return scrub(pair);
  const scrubbedKey = scrub(key);
  const scrubbedValue = value === undefined ? undefined : scrub(value);
  if (scrubbedKey === key && scrubbedValue === value) return scrub(pair);
  const encoded =
    scrubbedValue === undefined
      ? encodeURIComponent(scrubbedKey)
      : `${encodeURIComponent(scrubbedKey)}=${encodeURIComponent(scrubbedValue)}`;
  return scrub(encoded);
}

/**
 * Scrubs a request path with its query: every path segment and every query key and value is
 * scrubbed decoded as well as as written, so `email=ada%40example.org`, a `return_url` holding an
 * encoded URL on the Chargebee site, or a secret spelled `%2A` for `*` all lose what they hold.
 */
export function scrubRequestPath(path: string, scrub: (text: string) => string): string {
  const question = path.indexOf('?');
  const pathname = question === -1 ? path : path.slice(0, question);
  const scrubbedPathname = pathname
    .split('/')
    .map((segment) => scrubSegment(segment, scrub))
    .join('/');
  if (question === -1) return scrubbedPathname;
  const query = path.slice(question + 1);
  const scrubbedQuery = query
    .split('&')
    .map((pair) => (pair === '' ? pair : scrubPair(pair, scrub)))
    .join('&');
  return `${scrubbedPathname}?${scrubbedQuery}`;
}
