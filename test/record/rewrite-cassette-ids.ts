import { type Cassette, mapStrings } from '@billbridge/testing';

/**
 * Ids at least this long are replaced wherever they occur (Stripe's `in_1MtGm…` also sits inside
 * `hosted_invoice_url`); shorter ones (Chargebee invoice numbers such as `17`) only as a whole
 * token, so `17` never touches `1767225600`, `li_17` or `CN-17`.
 */
const SUBSTRING_MIN_LENGTH = 10;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One pattern for every id, longest first, so the rewrite is a single pass (no id rewritten twice). */
function idPattern(ids: readonly string[]): RegExp {
  const alternatives = [...ids]
    .sort((a, b) => b.length - a.length)
    .map((id) =>
      id.length >= SUBSTRING_MIN_LENGTH
        ? escapeRegExp(id)
        : `(?<![A-Za-z0-9_-])${escapeRegExp(id)}(?![A-Za-z0-9_-])`,
    );
  return new RegExp(alternatives.join('|'), 'g');
}

/**
 * Returns a copy of `cassette` with every id in `ids` (the provider's id → the id to write
 * instead) rewritten in request paths, bodies and headers and in response bodies and headers —
 * strings and object keys alike. Record mode uses it to turn a recording's fresh ids back into the
 * ids the documented cassette and its tests use, so a re-recorded cassette is a drop-in
 * replacement. `meta` is left alone. An empty id is refused.
 */
export function rewriteCassetteIds(cassette: Cassette, ids: Readonly<Record<string, string>>): Cassette {
  const pairs = Object.entries(ids).filter(([from, to]) => from !== to);
  for (const [from, to] of pairs) {
    if (from === '' || to === '') throw new Error(`rewriteCassetteIds: an empty id (${from} → ${to})`);
  }
  if (pairs.length === 0) return structuredClone(cassette);
  const replacements = new Map(pairs);
  const pattern = idPattern([...replacements.keys()]);
  const rewrite = (text: string) => text.replace(pattern, (match) => replacements.get(match) ?? match);
  return {
    meta: { ...cassette.meta },
    interactions: mapStrings(cassette.interactions, rewrite) as Cassette['interactions'],
  };
}
