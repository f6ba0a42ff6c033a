import * as z from 'zod';

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** How deep provider options may nest (a cycle or a runaway structure stops here, not at the stack's end). */
const MAX_DEPTH = 32;

/**
 * What is wrong with the keys of `value` at any depth: own keys named `__proto__`, `constructor` or
 * `prototype`, an object that contains itself, or nesting past 32 levels. Each object is looked at
 * once (a shared one is not walked again), so the walk is linear in the objects given.
 */
export function findForbiddenKeys(value: unknown): { path: string[]; message: string }[] {
  const found: { path: string[]; message: string }[] = [];
  const seen = new WeakSet<object>();
  const ancestors = new Set<object>();
  const walk = (node: unknown, path: string[]) => {
    if (!node || typeof node !== 'object') return;
    if (ancestors.has(node)) {
      found.push({ path, message: 'must not contain itself' });
      return;
    }
    if (path.length > MAX_DEPTH) {
      found.push({ path, message: `nests deeper than ${MAX_DEPTH} levels` });
      return;
    }
    if (seen.has(node)) return;
    seen.add(node);
    ancestors.add(node);
    for (const key of Object.keys(node)) {
      if (forbiddenKeys.has(key)) found.push({ path: [...path, key], message: 'is not an allowed key' });
      else walk((node as Record<string, unknown>)[key], [...path, key]);
    }
    ancestors.delete(node);
  };
  walk(value, []);
  return found;
}

/**
 * Provider options are namespaced by provider (`{ stripe: {...}, chargebee: {...} }`). The client
 * checks the shape here; each provider parses its own namespace with its own strict zod schema and
 * ignores the others, so one call site works unchanged across providers. Keys that could pollute
 * prototypes are refused at any depth (zod would otherwise drop `__proto__` silently).
 */
export const providerOptionsSchema = z
  .unknown()
  .superRefine((value, context) => {
    for (const { path, message } of findForbiddenKeys(value)) {
      context.addIssue({ code: 'custom', path, message });
    }
  })
  .pipe(
    z.record(
      z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a provider name such as "stripe" or "chargebee"'),
      z.record(z.string(), z.unknown(), 'must be an object of options'),
    ),
  );

/**
 * Per-provider options of a call, namespaced by provider (`{ stripe: {…}, chargebee: {…} }`); each
 * provider reads only its own.
 */
export type ProviderOptions = z.infer<typeof providerOptionsSchema>;
