import { BillingError, brand, hasMarker } from './billing-error.js';

const marker = 'billbridge.error.UnsupportedOptionError';

/** The provider cannot honour this option (where money is concerned, never a silent no-op). Thrown before any request. */
export class UnsupportedOptionError extends BillingError {
  /** The option, e.g. `appliedBalance`. */
  readonly option: string;
  readonly value: unknown;

  constructor(options: { option: string; value: unknown; provider?: string; message: string }) {
    super({
      message: options.message,
      code: 'unsupported_option',
      provider: options.provider,
      retryable: false,
      outcome: 'not_executed',
    });
    this.name = 'UnsupportedOptionError';
    brand(this, marker);
    this.option = options.option;
    this.value = options.value;
  }

  static override isInstance(error: unknown): error is UnsupportedOptionError {
    return hasMarker(error, marker);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), option: this.option, value: this.value };
  }
}
