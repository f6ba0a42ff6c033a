/**
 * Redacts secrets in every string reachable from `value` (own properties, non-enumerable ones such
 * as `message` and `stack` included, nested objects and `cause` chains), in place. Used on the SDK
 * error billbridge keeps as `cause`, so `util.inspect(error)` cannot print a key a response echoed.
 */
export function redactSecretsInPlace(value: unknown, redact: (text: string) => string, depth = 6): void {
  const seen = new WeakSet<object>();
  const visit = (node: unknown, level: number) => {
    if (typeof node !== 'object' || node === null || seen.has(node) || level > depth) return;
    seen.add(node);
    for (const key of Object.getOwnPropertyNames(node)) {
      let current: unknown;
      try {
        current = (node as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      if (typeof current === 'string') {
        const redacted = redact(current);
        if (redacted !== current) {
          try {
            (node as Record<string, unknown>)[key] = redacted;
          } catch {
            // A read-only property: left as it is.
          }
        }
      } else {
        visit(current, level + 1);
      }
    }
  };
  visit(value, 0);
}
