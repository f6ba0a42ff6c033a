import { setOwnProperty } from '../own-property.js';

/**
 * Returns a copy of a JSON-like value with every string — object keys included — passed through
 * `map`. Numbers, booleans and `null` are kept. Used to scrub cassettes and to rewrite their ids.
 */
export function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // Own properties: `out['__proto__'] = …` would lose a string and make an object the prototype.
    for (const [key, item] of Object.entries(value)) setOwnProperty(out, map(key), mapStrings(item, map));
    return out;
  }
  return value;
}
