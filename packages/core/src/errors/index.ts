export * from './billing-error.js';
export * from './define-billing-error.js';
export * from './invoice-not-voidable-error.js';
export * from './rate-limit-error.js';
export * from './simple-errors.js';
export * from './unsupported-option-error.js';
export * from './validation-error.js';
export * from './webhook-verification-error.js';
