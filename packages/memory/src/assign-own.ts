/**
 * `record[key] = value`, as an own enumerable data property even when `key` is `__proto__`: a
 * plain assignment would set the record's prototype instead and lose the key. Stripe metadata
 * keys may be any string up to 40 characters, `__proto__` and `constructor` included, and a
 * reused idempotency key's input must not compare equal to one without that key.
 */
export function assignOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}
