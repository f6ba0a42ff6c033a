/**
 * ISO timestamps of the memory records as the providers' Unix seconds. `Date.parse` is the
 * costliest step of rendering an invoice, and a test clock hands out the same few strings over and
 * over, so the last ones are remembered (a bounded cache: cleared when full).
 */
const seconds = new Map<string, number>();
const REMEMBERED = 256;

export function unixSeconds(iso: string): number;
export function unixSeconds(iso: string | null): number | null;
export function unixSeconds(iso: string | null): number | null {
  if (iso === null) return null;
  let value = seconds.get(iso);
  if (value === undefined) {
    value = Math.floor(Date.parse(iso) / 1000);
    if (seconds.size >= REMEMBERED) seconds.clear();
    seconds.set(iso, value);
  }
  return value;
}
