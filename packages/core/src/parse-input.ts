import type * as z from 'zod';
import { ValidationError, type ValidationIssue } from './errors/validation-error.js';

/**
 * An unknown option's name as an error may show it: a short identifier is shown (`"timout"`),
 * anything else (a key pasted where an option name goes, `sk_live_…`, a long or odd string) is
 * not, because error messages end up in logs.
 */
export function displayOptionName(key: string): string {
  if (!looksLikeSecret(key) && /^[A-Za-z_$][\w$-]{0,39}$/.test(key)) return JSON.stringify(key);
  return hiddenName(key);
}

const looksLikeSecret = (key: string) => /^(?:sk|rk|pk)_|^whsec_|^(?:live|test)_|[A-Za-z0-9]{24,}/.test(key);
const hiddenName = (key: string) => `(a ${key.length}-character name not shown: it may be a secret)`;

/**
 * A segment of an issue's path: a key the caller chose (a provider options namespace, a metadata
 * key) can be a pasted secret, so one that looks like a secret is not shown either.
 */
function displayPathSegment(segment: PropertyKey): string {
  const text = String(segment);
  // Narrower than for an unknown option: long option names (`consumeAppliedBalanceOnVoid`) are
  // paths too; a run of 24 letters and digits counts only with a digit in it.
  const secretLike = /^(?:sk|rk|pk)_|^whsec_|^(?:live|test)_|(?=[A-Za-z]*[0-9])[A-Za-z0-9]{24,}/.test(text);
  return secretLike ? hiddenName(text) : text;
}

/** Turns zod issues into billbridge's `{ path, message }` issues with dotted paths. */
export function toValidationIssues(error: z.ZodError, prefix?: string): ValidationIssue[] {
  return error.issues.map((issue) => {
    const parts = [...(prefix ? [prefix] : []), ...issue.path.map(displayPathSegment)];
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `has unknown option(s): ${issue.keys.map(displayOptionName).join(', ')}`;
    }
    return { path: parts.join('.'), message };
  });
}

/** Parses `value` with `schema` or throws a `ValidationError` naming each offending field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  options: { prefix?: string; context?: string; provider?: string } = {},
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError({
    issues: toValidationIssues(result.error, options.prefix),
    provider: options.provider,
    context: options.context,
  });
}
