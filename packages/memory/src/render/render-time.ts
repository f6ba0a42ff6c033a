/** ISO timestamps of the memory records as the providers' Unix seconds. */
export function unixSeconds(iso: string): number;
export function unixSeconds(iso: string | null): number | null;
export function unixSeconds(iso: string | null): number | null {
  return iso === null ? null : Math.floor(Date.parse(iso) / 1000);
}
