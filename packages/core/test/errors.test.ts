import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  BillingError,
  ConnectionError,
  InvoiceNotVoidableError,
  isBillingError,
  NotFoundError,
  RateLimitError,
  ValidationError,
} from '../src/index.js';

describe('errors', () => {
  it('are branded so isInstance works across package copies', () => {
    const error = new NotFoundError({ message: 'no such invoice', provider: 'stripe', status: 404 });
    expect(isBillingError(error)).toBe(true);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(ConnectionError.isInstance(error)).toBe(false);
    expect(error).toBeInstanceOf(BillingError);
    expect(error.name).toBe('NotFoundError');
    // A structural copy with the global symbol (what another copy of the package produces) is recognised.
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('billbridge.error')]: true,
      [Symbol.for('billbridge.error.NotFoundError')]: true,
    });
    expect(NotFoundError.isInstance(foreign)).toBe(true);
    expect(isBillingError(new Error('plain'))).toBe(false);
    expect(isBillingError({ code: 'not_found' })).toBe(false);
  });

  it('carry code, retryable and outcome defaults per class', () => {
    expect(new ConnectionError({ message: 'reset' })).toMatchObject({
      code: 'connection_failed',
      retryable: true,
      outcome: 'unknown',
    });
    expect(new RateLimitError({ message: 'slow down', retryAfterMs: 2000 })).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      status: 429,
      retryAfterMs: 2000,
    });
    const refused = new InvoiceNotVoidableError({ invoiceId: 'in_1', blockers: ['paid'] });
    expect(refused.message).toBe('invoice in_1 cannot be voided: paid');
    expect(refused).toMatchObject({ code: 'invoice_not_voidable', retryable: false, outcome: 'failed' });
  });

  it('leave the cause out of JSON', () => {
    const cause = { headers: { authorization: 'Bearer sk_test_secret' } };
    const error = new BillingError({ message: 'failed', cause });
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error)).not.toContain('sk_test_secret');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'BillingError', code: 'provider_error' });
    expect(inspect(new ValidationError({ issues: [{ path: 'comment', message: 'too long' }] }))).toContain(
      'comment',
    );
  });

  it('ValidationError names every offending field', () => {
    const error = new ValidationError({
      issues: [
        { path: 'comment', message: 'must be at most 300 characters' },
        { path: 'reasonCode', message: 'must be at most 100 characters' },
      ],
    });
    expect(error.path).toBe('comment');
    expect(error.message).toBe(
      'invalid input: comment must be at most 300 characters; reasonCode must be at most 100 characters',
    );
    expect(error.outcome).toBe('not_executed');
  });
});
