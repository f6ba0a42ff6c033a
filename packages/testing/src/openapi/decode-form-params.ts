import { setOwnProperty } from '../own-property.js';

/**
 * Turns flat form fields with bracket keys (`metadata[a]=x`, `expand[0]=y`, `expand[]=z`,
 * `a[b][c]=1`) into nested objects and arrays, as Stripe reads them. Values stay strings.
 *
 * Every segment is an own key of the object it names, whatever it is called: `__proto__`,
 * `constructor` or `toString` (Stripe metadata keys may be any of these) are read with
 * `Object.hasOwn` and written as own properties (`setOwnProperty`), so a key never walks into an
 * object's prototype and nothing reaches `Object.prototype`.
 */
export function decodeFormParams(fields: Record<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!match) throw new Error(`not a form key: ${JSON.stringify(key)}`);
    const segments = [
      match[1] as string,
      ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string),
    ];
    let node: Record<string, unknown> | unknown[] = root;
    segments.forEach((segment, index) => {
      const last = index === segments.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(segments[index + 1] as string);
      if (Array.isArray(node)) {
        const position = segment === '' ? node.length : Number(segment);
        if (last) node[position] = value;
        else {
          node[position] ??= nextIsIndex ? [] : {};
          node = node[position] as Record<string, unknown> | unknown[];
        }
        return;
      }
      if (last) setOwnProperty(node, segment, value);
      else {
        const existing = Object.hasOwn(node, segment) ? node[segment] : undefined;
        const child = existing ?? (nextIsIndex ? [] : {});
        if (existing === undefined) setOwnProperty(node, segment, child);
        node = child as Record<string, unknown> | unknown[];
      }
    });
  }
  return root;
}
