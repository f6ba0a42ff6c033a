/** Most events (epoch ms) in any one-second window: the observed peak rate. */
export function peakPerSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= 1000) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}
