/** Chargebee timestamps are Unix seconds; billbridge uses ISO 8601 strings. */
export function chargebeeTimestampToIso(seconds: number | undefined | null): string | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return null;
  return new Date(seconds * 1000).toISOString();
}
