/** Stripe's list object (`object: 'list'`, `data`, `has_more`, `url`); 2019-11-05 lists nested in objects also carry `total_count`. */
export function renderStripeList<T>(url: string, data: T[], hasMore: boolean, totalCount?: number) {
  return totalCount === undefined
    ? { object: 'list' as const, data, has_more: hasMore, url }
    : { object: 'list' as const, data, has_more: hasMore, total_count: totalCount, url };
}
