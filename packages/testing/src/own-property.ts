/**
 * `record[key] = value` as an own, enumerable data property, even for `__proto__`: an assignment
 * with that key sets the prototype instead (and drops a string), so keys that come from a body are
 * written with this. Only that key takes `Object.defineProperty`; every other key, and every
 * setter-free name of `Object.prototype` (`constructor`, `toString`), is a plain own assignment.
 */
export function setOwnProperty(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}
