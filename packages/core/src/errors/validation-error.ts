import { BillingError, brand, hasMarker } from './billing-error.js';

const marker = 'billbridge.error.ValidationError';

/** One reason a `ValidationError` refused input: the dotted path of the field and what is wrong with it. */
export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `comment` or `providerOptions.stripe.recordReasonAsMetadata`. */
  path: string;
  message: string;
}

/** Input was refused before any request was made. */
export class ValidationError extends BillingError {
  readonly issues: readonly ValidationIssue[];
  /** Path of the first offending field. */
  readonly path: string;

  constructor(options: {
    issues: readonly ValidationIssue[];
    provider?: string;
    cause?: unknown;
    context?: string;
  }) {
    const first = options.issues[0] ?? { path: '', message: 'invalid input' };
    const where = options.context ? `${options.context}: ` : '';
    const summary = options.issues.map((issue) => `${issue.path || '(input)'} ${issue.message}`).join('; ');
    super({
      message: `${where}invalid input: ${summary}`,
      code: 'validation_failed',
      provider: options.provider,
      retryable: false,
      outcome: 'not_executed',
      cause: options.cause,
    });
    this.name = 'ValidationError';
    brand(this, marker);
    this.issues = options.issues;
    this.path = first.path;
  }

  static override isInstance(error: unknown): error is ValidationError {
    return hasMarker(error, marker);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}
