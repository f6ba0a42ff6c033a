/** Per-call timings (ns) reduced to what the bench reports. */
export interface TimingSummary {
  calls: number;
  medianNs: number;
  p99Ns: number;
  meanNs: number;
}

/** The value at quantile `q` (0–1) of sorted `values`, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarizeTimings(timingsNs: readonly number[]): TimingSummary {
  const sorted = [...timingsNs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    calls: sorted.length,
    medianNs: median(sorted),
    p99Ns: quantile(sorted, 0.99),
    meanNs: sorted.length ? total / sorted.length : Number.NaN,
  };
}
