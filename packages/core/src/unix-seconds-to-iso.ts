/**
 * Unix seconds (Stripe's and Chargebee's timestamps) to ISO 8601, exactly as
 * `new Date(seconds * 1000).toISOString()`; `null` for a missing or non-finite value.
 */
export function unixSecondsToIso(seconds: number | undefined | null): string | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return null;
  // Whole seconds in years 1970–9999 (every provider timestamp) are formatted with integer
  // arithmetic, exactly as `toISOString` would: Date#toISOString costs ~0.6 µs on Node 20.
  if (!Number.isInteger(seconds) || seconds < 0 || seconds >= MAX_FAST_ISO_SECONDS) {
    return new Date(seconds * 1000).toISOString();
  }
  const days = Math.floor(seconds / 86_400);
  const secondOfDay = seconds - days * 86_400;
  // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3_600);
  const minute = Math.floor((secondOfDay % 3_600) / 60);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[secondOfDay % 60]}.000Z`;
}

/** 10000-01-01T00:00:00Z: from here on `toISOString` writes six-digit years. */
const MAX_FAST_ISO_SECONDS = 253_402_300_800;

/** `'00'`…`'59'`: the parts are looked up, not built (five strings fewer per date). */
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, value) =>
  String(value).padStart(2, '0'),
);
