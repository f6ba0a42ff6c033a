import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorResponse } from '../http/emulator-exchange.js';
import { chargebeeError } from './chargebee-error.js';

const TEST_KEY = /^test_[A-Za-z0-9_-]{1,200}$/;
const LIVE_KEY = /^live_/;

/**
 * Chargebee's auth: HTTP Basic with the API key as user and no password (what chargebee-node sends).
 * Chargebee keys belong to one site, and an SDK pointed at a local server cannot name the site in the
 * host (`{ site: '127.0.0.1', hostSuffix: '' }`), so the emulator picks the site by key: a key bound to
 * a site (`sites` option or the control API) selects it, any other test key the default site.
 * Live keys are refused with Chargebee's 401. The key is never echoed. `siteOfKey` answers `null` for
 * a key that belongs to another site than the one asked for (Chargebee's 401), `undefined` for a
 * site name that cannot exist (its 404 `site_not_found`).
 */
export function authenticateChargebeeRequest(
  headers: IncomingHttpHeaders,
  siteOfKey: (key: string) => string | null | undefined,
): { account: string } | EmulatorResponse {
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(headers.authorization ?? '');
  const key = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0] : undefined;
  if (key === undefined || key === '')
    return chargebeeError(401, {
      type: 'untyped',
      apiErrorCode: 'api_authentication_failed',
      message: 'Sorry, authentication failed. Provide your API key as the Basic auth user name.',
    });
  if (LIVE_KEY.test(key))
    return chargebeeError(401, {
      type: 'untyped',
      apiErrorCode: 'api_authentication_failed',
      message: 'The billbridge emulator takes test-site keys only (test_…); a live key was refused.',
    });
  if (!TEST_KEY.test(key))
    return chargebeeError(401, {
      type: 'untyped',
      apiErrorCode: 'api_authentication_failed',
      message: 'Sorry, authentication failed. Invalid api key.',
    });
  const site = siteOfKey(key);
  if (site === null)
    return chargebeeError(401, {
      type: 'untyped',
      apiErrorCode: 'api_authentication_failed',
      message: 'Sorry, authentication failed. The API key belongs to another site.',
    });
  if (site === undefined)
    return chargebeeError(404, {
      type: 'invalid_request',
      apiErrorCode: 'site_not_found',
      message: 'Sorry, the site you are trying to access does not exist.',
    });
  return { account: site };
}
