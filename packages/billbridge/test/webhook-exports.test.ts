import * as core from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import * as billbridge from '../src/index.js';

describe('billbridge re-exports the webhook pieces of core', () => {
  it('is the same functions', () => {
    expect(billbridge.createMemoryDedupeStore).toBe(core.createMemoryDedupeStore);
    expect(billbridge.createPostgresDedupeStore).toBe(core.createPostgresDedupeStore);
    expect(billbridge.createWebhookHandler).toBe(core.createWebhookHandler);
    expect(billbridge.toNodeListener).toBe(core.toNodeListener);
    expect(billbridge.WebhookVerificationError).toBe(core.WebhookVerificationError);
    expect(billbridge.billingEventSchema).toBe(core.billingEventSchema);
  });
});
