// The CommonJS side under `node16`: these imports compile to require() and use the .d.cts types.

import { createMemoryProvider } from '@billbridge/memory';
import { createBillingClient, ValidationError } from 'billbridge';
import { createStripeProvider } from 'billbridge/stripe';

const billing = createBillingClient({ provider: createMemoryProvider() });
export const used = [billing.capabilities, ValidationError, createStripeProvider];
