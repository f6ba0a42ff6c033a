/** Node's `util.inspect.custom`, by its registered name (no `node:util` import needed). */
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

type Inspect = (value: unknown, options: object) => string;

/**
 * Keeps what an object holds under `hidden` out of `util.inspect` and `console.log` (any depth,
 * `showHidden` too) and out of `Object.keys` / spread / `JSON.stringify`: each hidden property
 * becomes non-enumerable and the object gets a `util.inspect.custom` that prints the rest, with
 * the hidden ones as a placeholder. For provider objects that hold an SDK client, whose
 * configuration holds the API key (stripe-node `_authenticator`, chargebee `_env.apiKey`).
 * The properties stay readable (`provider.client`). Returns `target`.
 */
export function hideFromInspect<T extends object>(target: T, label: string, hidden: readonly (keyof T)[]): T {
  for (const key of hidden) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) Object.defineProperty(target, key, { ...descriptor, enumerable: false });
  }
  Object.defineProperty(target, inspectCustom, {
    enumerable: false,
    value(_depth: number, options: object, inspect: Inspect): string {
      const shown: Record<string, unknown> = {};
      for (const key of Object.keys(target)) shown[key] = (target as Record<string, unknown>)[key];
      for (const key of hidden) shown[String(key)] = `[${String(key)}: not shown, it holds the API key]`;
      return `${label} ${inspect(shown, options)}`;
    },
  });
  return target;
}
