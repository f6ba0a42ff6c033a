import { createHash, timingSafeEqual } from 'node:crypto';

/** A username and password for HTTP Basic auth (RFC 7617). */
export interface BasicAuthCredentials {
  username: string;
  password: string;
}

/**
 * Whether an `Authorization` header carries exactly these Basic credentials, compared in constant
 * time: both sides are hashed to SHA-256 digests (always 32 bytes, so neither the length nor the
 * first differing byte of the secret shows in the time taken) and compared with
 * `crypto.timingSafeEqual`. chargebee-node's own `basicAuthValidator` leaves the comparison to
 * the caller, whose examples use `===`.
 */
export function basicAuthMatches(header: string | undefined, expected: BasicAuthCredentials): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]*)\s*$/i.exec(header ?? '');
  const given = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
  const same = timingSafeEqual(digest(given), digest(`${expected.username}:${expected.password}`));
  return match !== null && same;
}

/** The `Authorization` header value a client sends for these credentials. */
export function basicAuthHeader(credentials: BasicAuthCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
