/**
 * How many objects `redactSecretsInPlace` visits at most: far more than any SDK error holds (a
 * response body, headers, a `cause` chain), and a bound on a hostile or cyclic-by-getter value.
 */
const MAX_VISITED = 100_000;

/**
 * Redacts secrets in every string reachable from `value` (own properties, non-enumerable ones such
 * as `message` and `stack` included, nested objects and `cause` chains, at any depth), in place.
 * Used on the SDK error billbridge keeps as `cause`, so `util.inspect(error)` cannot print a key a
 * response echoed. Walked with a stack of its own, so a deep value cannot overflow the call stack;
 * until 2026-12-03 it stopped 6 levels down, and a key nested deeper in an error body stayed.
 */
export function redactSecretsInPlace(value: unknown, redact: (text: string) => string): void {
  const seen = new WeakSet<object>();
  const pending: unknown[] = [value];
  for (let visited = 0; pending.length > 0 && visited < MAX_VISITED; visited++) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    for (const key of Object.getOwnPropertyNames(node)) {
      let current: unknown;
      try {
        current = (node as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      if (typeof current !== 'string') {
        // Only objects can hold more strings; numbers (a byte array's entries) would use up the budget.
        if (typeof current === 'object' && current !== null) pending.push(current);
        continue;
      }
      const redacted = redact(current);
      if (redacted === current) continue;
      try {
        (node as Record<string, unknown>)[key] = redacted;
      } catch {
        // A read-only property: left as it is.
      }
    }
  }
}
