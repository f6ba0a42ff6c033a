import type { ListPage } from '@billbridge/memory';
import type { EmulatorResponse } from '../http/emulator-exchange.js';
import { json } from '../http/emulator-exchange.js';
import { chargebeeParamError } from './chargebee-error.js';
import type { ChargebeeParams } from './validate-chargebee-params.js';

/** Chargebee's page size when `limit` is not given. */
export const CHARGEBEE_DEFAULT_LIMIT = 10;

/**
 * Chargebee's list paging: `limit` (1–100, default 10) and the opaque `offset` a previous page
 * gave as `next_offset`; a page with nothing after it has no `next_offset`. The emulator's offset
 * is a JSON array holding the id of the last item given (Chargebee's look like
 * `["1517505786000","230000000"]`); the list is newest first. An offset that is not one the
 * emulator gave is Chargebee's 400 on `offset`.
 */
export function chargebeePageRequest(
  params: ChargebeeParams,
): { limit: number; startingAfter?: string } | EmulatorResponse {
  const limit = typeof params.limit === 'number' ? params.limit : CHARGEBEE_DEFAULT_LIMIT;
  if (params.offset === undefined) return { limit };
  const cursor = decodeOffset(String(params.offset));
  if (cursor === undefined) return chargebeeParamError('offset', 'invalid value');
  return { limit, startingAfter: cursor };
}

/** `{ list: [{ <key>: item }], next_offset? }` for one page. */
export function chargebeeListResponse<T extends { id: string }>(
  key: string,
  page: ListPage<T>,
  render: (record: T) => unknown,
): EmulatorResponse {
  const last = page.data.at(-1);
  return json(200, {
    list: page.data.map((record) => ({ [key]: render(record) })),
    ...(page.hasMore && last ? { next_offset: JSON.stringify([last.id]) } : {}),
  });
}

function decodeOffset(offset: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(offset);
    return Array.isArray(parsed) && parsed.length === 1 && typeof parsed[0] === 'string'
      ? parsed[0]
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `is` of a filter parameter (`customer_id[is]=x`), if given. */
export function filterIs(params: ChargebeeParams, name: string): string | undefined {
  const filter = params[name] as { is?: string } | undefined;
  return filter?.is;
}
