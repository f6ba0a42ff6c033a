import { BillingError } from '@billbridge/core';

/**
 * The memory provider refused the request (400 unless told): one of its rules said no, as the real
 * provider's would (the emulator answers these with the provider's own 4xx body). Bad input shape
 * is a `ValidationError` instead, raised before the state is asked.
 */
export function refused(message: string, status = 400): BillingError {
  return new BillingError({ message, code: 'provider_error', provider: 'memory', status, outcome: 'failed' });
}
