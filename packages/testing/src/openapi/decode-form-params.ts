import { setOwnProperty } from '../own-property.js';

/** Thrown by `decodeFormParams` for fields that name no one nesting: a bad key, or two keys that clash. */
export class FormParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormParamsError';
  }
}

/** An array position: digits, or `[]` (append). `expand[foo]` on an array is neither. */
const ARRAY_INDEX = /^\d*$/;

/**
 * Turns flat form fields with bracket keys (`metadata[a]=x`, `expand[0]=y`, `expand[]=z`,
 * `a[b][c]=1`) into nested objects and arrays, as Stripe reads them. Values stay strings.
 *
 * Every segment is an own key of the object it names, whatever it is called: `__proto__`,
 * `constructor` or `toString` (Stripe metadata keys may be any of these) are read with
 * `Object.hasOwn` and written as own properties (`setOwnProperty`), so a key never walks into an
 * object's prototype and nothing reaches `Object.prototype`.
 *
 * Fields that cannot all hold are a `FormParamsError` naming them: a key that is not one
 * (`a]`), a non-index key on an array (`expand[0]` with `expand[foo]`: `foo` became an array
 * property nothing visited), and a value where another field nests (`metadata[a]=1` with
 * `metadata[a][b]=2`, in either order: one threw a TypeError, the other overwrote silently).
 */
export function decodeFormParams(fields: Record<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!match) throw new FormParamsError(`not a form key: ${JSON.stringify(key)}`);
    const segments = [
      match[1] as string,
      ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string),
    ];
    let node: Record<string, unknown> | unknown[] = root;
    let at = '';
    segments.forEach((segment, index) => {
      const last = index === segments.length - 1;
      const nextIsIndex = !last && ARRAY_INDEX.test(segments[index + 1] as string);
      at = index === 0 ? segment : `${at}[${segment}]`;
      let existing: unknown;
      let position: number | undefined;
      if (Array.isArray(node)) {
        if (!ARRAY_INDEX.test(segment)) {
          throw new FormParamsError(
            `${JSON.stringify(key)}: ${JSON.stringify(at.slice(0, at.lastIndexOf('[')))} is an array (other fields index it), not an object with the key ${JSON.stringify(segment)}`,
          );
        }
        position = segment === '' ? node.length : Number(segment);
        existing = node[position];
      } else existing = Object.hasOwn(node, segment) ? node[segment] : undefined;
      const nests = existing !== undefined && typeof existing === 'object';
      if (existing !== undefined && (last ? nests : !nests)) {
        throw new FormParamsError(
          `${JSON.stringify(key)}: ${JSON.stringify(at)} is given both a value and nested fields`,
        );
      }
      const child = last ? value : (existing ?? (nextIsIndex ? [] : {}));
      if (existing === undefined) {
        if (position !== undefined) (node as unknown[])[position] = child;
        else setOwnProperty(node as Record<string, unknown>, segment, child);
      }
      if (!last) node = child as Record<string, unknown> | unknown[];
    });
  }
  return root;
}
