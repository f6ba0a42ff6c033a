import { createBillingClient } from '@billbridge/core';
import {
  createMemoryProvider,
  MEMORY_DEFAULT_STRIPE_API_VERSION,
  type MemoryProviderSettings,
} from '@billbridge/memory';
import { CONTRACT_AMOUNTS, type ContractScenario, describeProviderContract } from '@billbridge/testing';
import { rawValidator } from '../schemas/validate-provider-picture.js';

const { currency, credit, total } = CONTRACT_AMOUNTS;
const WEBHOOK_SECRET = 'whsec_billbridgeConformance000000000';
const WEBHOOK_AUTH = { username: 'conformance', password: 'conformance-password' };

/** Puts a fresh memory provider in the state each scenario names (docs/conformance.md). */
function memorySetup(settings: MemoryProviderSettings) {
  return (scenario: ContractScenario) => {
    const provider = createMemoryProvider({
      ...settings,
      webhookSecret: WEBHOOK_SECRET,
      webhookAuth: WEBHOOK_AUTH,
    });
    const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
    const customer = provider.createCustomer({ currency, credit });
    const openInvoice = () => {
      const draft = provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: total }] });
      return provider.finalizeInvoice(draft.id).id;
    };
    let invoiceId: string;
    let otherInvoiceId: string | undefined;
    let subscriptionId: string | undefined;
    switch (scenario) {
      case 'void-refused-paid':
      case 'reverse-paid':
      case 'reverse-paid-refused':
        invoiceId = openInvoice();
        provider.payInvoice(invoiceId);
        break;
      case 'void-refused-draft':
        invoiceId = provider.createInvoice({
          customerId: customer.customerId,
          lines: [{ amount: total }],
        }).id;
        break;
      case 'void-idempotency-conflict':
        invoiceId = openInvoice();
        otherInvoiceId = openInvoice();
        break;
      case 'not-found':
        invoiceId = provider.flavor === 'stripe' ? 'in_missing' : 'INV-404';
        break;
      case 'subscription-balance-settings':
        subscriptionId = provider.createSubscription({ customerId: customer.customerId }).id;
        invoiceId = openInvoice();
        break;
      default:
        invoiceId = openInvoice();
    }
    return {
      provider,
      client,
      invoiceId,
      otherInvoiceId,
      subscriptionId,
      customerId: customer.customerId,
    };
  };
}

const variants: [string, MemoryProviderSettings, { provider: string; apiVersion: string }][] = [
  [
    'memory as stripe (default API version)',
    { flavor: 'stripe' },
    { provider: 'stripe', apiVersion: MEMORY_DEFAULT_STRIPE_API_VERSION },
  ],
  [
    'memory as stripe 2019-11-05',
    { flavor: 'stripe', apiVersion: '2019-11-05' },
    { provider: 'stripe', apiVersion: '2019-11-05' },
  ],
  ['memory as chargebee', { flavor: 'chargebee' }, { provider: 'chargebee', apiVersion: 'v2' }],
  [
    'memory as chargebee with voidCreatesCreditNote',
    { flavor: 'chargebee', voidCreatesCreditNote: true },
    { provider: 'chargebee', apiVersion: 'v2' },
  ],
];

for (const [name, settings, shape] of variants) {
  const seed = memorySetup(settings);
  describeProviderContract({
    name,
    // Every raw object is judged by the schema of the provider and version it claims to be.
    // Closed: a field the version's spec does not name is refused, where a published spec would let it pass.
    validateRaw: rawValidator(shape, { closedObjects: true }),
    setup: async (scenario) => {
      const state = seed(scenario);
      if (scenario === 'void-refused-void' || scenario.startsWith('webhook-')) {
        // Voided before the scenario; the provider's call log is measured from here on.
        await state.client.voidInvoice(state.invoiceId);
      }
      const logged = state.provider.calls.length;
      return {
        client: state.client,
        fixture: {
          customerId: state.customerId,
          invoiceId: state.invoiceId,
          ...(state.otherInvoiceId ? { otherInvoiceId: state.otherInvoiceId } : {}),
          ...(state.subscriptionId ? { subscriptionId: state.subscriptionId } : {}),
        },
        requestCount: () => state.provider.calls.length - logged,
        webhookDelivery: () => {
          const event = state.provider.events.find(
            (each) => each.type === 'invoice.voided' && each.invoice?.id === state.invoiceId,
          );
          if (!event) throw new Error('the memory provider recorded no invoice.voided');
          return state.provider.webhookDelivery(event, { secret: WEBHOOK_SECRET, basicAuth: WEBHOOK_AUTH });
        },
      };
    },
  });
}
