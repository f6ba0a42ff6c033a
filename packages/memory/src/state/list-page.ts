import { NotFoundError } from '@billbridge/core';
import { refused } from '../refused.js';

/** Cursor pagination over records in creation order, the way Stripe's list endpoints page. */
export interface ListPageOptions {
  /** At most this many records (default 10, like Stripe; 1 to 100). */
  limit?: number;
  /** The page after this record (in list order). */
  startingAfter?: string;
  /** The page before this record (in list order). */
  endingBefore?: string;
  /** `newest_first` (default, Stripe's order) or `oldest_first`. */
  order?: 'newest_first' | 'oldest_first';
}

/** One page of a list: the records and whether more match beyond it. */
export interface ListPage<T> {
  // Scans the table (O(n)): fine for a test provider or an emulator.
  data: T[];
  /** More records match beyond this page, in the direction of travel. */
  hasMore: boolean;
}

/**
 * One page of `table`'s records that `matches` accepts. A cursor must name a record of the table
 * (matching or not), as with Stripe; an unknown one is a 404.
 */
export function listPage<T extends { id: string }>(
  table: ReadonlyMap<string, T>,
  noun: string,
  options: ListPageOptions,
  matches: (record: T) => boolean = () => true,
): ListPage<T> {
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw refused(`limit must be an integer from 1 to 100, got ${limit}`);
  }
  if (options.startingAfter !== undefined && options.endingBefore !== undefined) {
    throw refused('give startingAfter or endingBefore, not both');
  }
  const all = [...table.values()];
  if (options.order !== 'oldest_first') all.reverse();
  const cursorAt = (id: string | undefined, param: string) => {
    if (id === undefined) return undefined;
    const index = all.findIndex((record) => record.id === id);
    if (index < 0) {
      throw new NotFoundError({
        message: `no such ${noun} for ${param}: ${id}`,
        provider: 'memory',
        status: 404,
      });
    }
    return index;
  };
  const before = cursorAt(options.endingBefore, 'endingBefore');
  if (before !== undefined) {
    // Walk backwards from the cursor, then give the page in list order.
    const data: T[] = [];
    let index = before - 1;
    for (; index >= 0 && data.length < limit; index--) {
      const record = all[index] as T;
      if (matches(record)) data.push(record);
    }
    return { data: data.reverse(), hasMore: hasMatch(all, index, -1, matches) };
  }
  const data: T[] = [];
  let index = (cursorAt(options.startingAfter, 'startingAfter') ?? -1) + 1;
  for (; index < all.length && data.length < limit; index++) {
    const record = all[index] as T;
    if (matches(record)) data.push(record);
  }
  return { data, hasMore: hasMatch(all, index, 1, matches) };
}

function hasMatch<T>(all: T[], from: number, step: 1 | -1, matches: (record: T) => boolean): boolean {
  for (let index = from; index >= 0 && index < all.length; index += step) {
    if (matches(all[index] as T)) return true;
  }
  return false;
}
