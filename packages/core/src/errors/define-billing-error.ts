import {
  BillingError,
  type BillingErrorCode,
  type BillingErrorOptions,
  brand,
  hasMarker,
} from './billing-error.js';

/**
 * The defaults a `BillingError` subclass fixes for its errors: whether they are retryable and their
 * outcome.
 */
export type BillingErrorDefaults = Pick<BillingErrorOptions, 'retryable' | 'outcome'>;

/**
 * A `BillingError` subclass made by `defineBillingError`: constructible with the options minus `code`,
 * with an `isInstance` that works across package copies.
 */
export interface BillingErrorClass<Code extends BillingErrorCode> {
  new (options: Omit<BillingErrorOptions, 'code'>): BillingError & { readonly code: Code };
  isInstance(error: unknown): error is BillingError & { readonly code: Code };
  readonly prototype: BillingError;
}

/**
 * Makes a `BillingError` subclass that only fixes its name, code and defaults. Each is branded with
 * `Symbol.for('billbridge.error.<Name>')` so `isInstance` works across copies of the package.
 */
export function defineBillingError<Code extends BillingErrorCode>(
  name: string,
  code: Code,
  defaults: BillingErrorDefaults,
): BillingErrorClass<Code> {
  const marker = `billbridge.error.${name}`;
  const errorClass = class extends BillingError {
    constructor(options: Omit<BillingErrorOptions, 'code'>) {
      super({ ...defaults, ...options, code });
      this.name = name;
      brand(this, marker);
    }

    static override isInstance(error: unknown): error is BillingError & { readonly code: Code } {
      return hasMarker(error, marker);
    }
  };
  Object.defineProperty(errorClass, 'name', { value: name });
  return errorClass as unknown as BillingErrorClass<Code>;
}
