import type { BillingProvider, Capabilities } from '../../src/index.js';

/** Capabilities of the fake provider the core tests use. */
export const fakeCapabilities: Capabilities = {
  voidInvoice: { appliedBalance: ['return'], reasonCode: 'none', comment: 'native', creditNoteOnVoid: false },
  creditNotes: { paidSettlement: ['credit_balance'], nativeReason: true, appliedBalanceCreditable: true },
  subscriptionBalanceSettings: { consumeAppliedBalanceOnVoid: [false] },
};

/** A provider whose every method rejects unless the test overrides it. */
export function fakeProvider(overrides: Partial<BillingProvider> = {}): BillingProvider {
  const refuse = () => Promise.reject(new Error('not used in this test'));
  return {
    specificationVersion: 'v1',
    provider: 'fake',
    providerOptionsKey: 'fake',
    capabilities: fakeCapabilities,
    doVoidInvoice: refuse,
    doGetInvoice: refuse,
    doCheckVoidable: refuse,
    doCreateCreditNote: refuse,
    doGetCreditNote: refuse,
    doListCreditNotes: refuse,
    doVoidCreditNote: refuse,
    doGetCustomerBalance: refuse,
    doSetSubscriptionBalanceSettings: refuse,
    ...overrides,
  };
}
