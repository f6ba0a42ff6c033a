import type { CassetteInteraction } from './cassette.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What is wrong with one interaction, or `undefined`: the request needs a method and a path (strings,
 * the path starting with `/`), a body (if any) of string values and a known `bodyEncoding`; the
 * response needs an integer HTTP status (100–599), or a `networkError` code instead.
 */
export function interactionProblem(interaction: unknown): string | undefined {
  if (!isRecord(interaction)) return 'is not an object';
  const { request, response } = interaction as Partial<Record<keyof CassetteInteraction, unknown>>;
  if (!isRecord(request)) return 'has no request object';
  if (typeof request.method !== 'string' || request.method.trim() === '')
    return 'request.method must be a non-empty string';
  if (typeof request.path !== 'string' || !request.path.startsWith('/'))
    return 'request.path must be a string starting with "/"';
  if (request.body !== undefined && request.body !== null) {
    if (!isRecord(request.body)) return 'request.body must be an object of strings (or null)';
    const bad = Object.entries(request.body).find(([, value]) => typeof value !== 'string');
    if (bad) return `request.body.${bad[0]} must be a string`;
  }
  if (
    request.bodyEncoding !== undefined &&
    request.bodyEncoding !== 'form' &&
    request.bodyEncoding !== 'json'
  )
    return 'request.bodyEncoding must be "form" or "json"';
  if (!isRecord(response)) return 'has no response object';
  if (response.networkError !== undefined) {
    if (typeof response.networkError !== 'string' || response.networkError === '')
      return 'response.networkError must be an error code (e.g. "ECONNRESET")';
  } else if (
    typeof response.status !== 'number' ||
    !Number.isInteger(response.status) ||
    response.status < 100 ||
    response.status > 599
  ) {
    return `response.status must be an integer HTTP status (100–599), not ${JSON.stringify(response.status) ?? 'missing'}`;
  }
  if (response.delayMs !== undefined && !(typeof response.delayMs === 'number' && response.delayMs >= 0))
    return 'response.delayMs must be a number of milliseconds';
  return undefined;
}
