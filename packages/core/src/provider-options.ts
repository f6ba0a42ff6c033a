import * as z from 'zod';

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Paths of own keys named `__proto__`, `constructor` or `prototype`, at any depth. */
export function findForbiddenKeys(value: unknown, path: string[] = []): string[][] {
  if (!value || typeof value !== 'object') return [];
  const found: string[][] = [];
  for (const key of Object.keys(value)) {
    if (forbiddenKeys.has(key)) found.push([...path, key]);
    else found.push(...findForbiddenKeys((value as Record<string, unknown>)[key], [...path, key]));
  }
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
    for (const path of findForbiddenKeys(value)) {
      context.addIssue({ code: 'custom', path, message: 'is not an allowed key' });
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
