import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors/validation-error.js';

/** Turns zod issues into billbridge's `{ path, message }` issues with dotted paths. */
export function toValidationIssues(error: z.ZodError, prefix?: string): ValidationIssue[] {
  return error.issues.map((issue) => {
    const parts = [...(prefix ? [prefix] : []), ...issue.path.map((segment) => String(segment))];
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `has unknown option(s): ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
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
