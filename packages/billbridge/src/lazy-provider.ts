import {
  type BillingProvider,
  type Capabilities,
  hideFromInspect,
  type ProviderCallContext,
  UnsupportedOptionError,
  ValidationError,
} from '@billbridge/core';

/** A provider whose adapter (and SDK) is loaded on its first call. */
export interface LazyProvider extends BillingProvider {
  /** Whether the adapter has been loaded (by a call or `loadProvider()`). */
  readonly loaded: boolean;
  /** Loads the adapter and its SDK now; resolves to the provider every call goes to. */
  loadProvider(): Promise<BillingProvider>;
}

export interface LazyProviderOptions {
  provider: string;
  providerOptionsKey: string;
  providerOptionsSchema: BillingProvider['providerOptionsSchema'];
  /** What the provider can do, known without the SDK (from the settings alone). */
  capabilities: Capabilities;
  /** The config field to name when the loaded adapter disagrees with `capabilities`. */
  capabilitiesSetting: string;
  /** Imports the adapter and creates the provider (settings were validated already). */
  load: () => Promise<BillingProvider>;
}

/**
 * A `BillingProvider` that `createBillingClient(config)` can return synchronously without loading
 * the provider's SDK: the client needs only names, the provider-options schema and capabilities,
 * which come from SDK-free modules of `@billbridge/core`; the adapter is imported on the first
 * `do…` call (or `loadProvider()`), once. A failed import is not cached, so the next call tries again.
 */
export function createLazyProvider(options: LazyProviderOptions): LazyProvider {
  let pending: Promise<BillingProvider> | undefined;
  let loaded = false;

  function loadProvider(): Promise<BillingProvider> {
    pending ??= options.load().then(
      (provider) => {
        assertSameCapabilities(provider.capabilities, options.capabilities, options.capabilitiesSetting);
        loaded = true;
        return provider;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  }

  const lazy: LazyProvider = {
    specificationVersion: 'v1',
    provider: options.provider,
    providerOptionsKey: options.providerOptionsKey,
    providerOptionsSchema: options.providerOptionsSchema,
    capabilities: options.capabilities,
    get loaded() {
      return loaded;
    },
    loadProvider,
    async doVoidInvoice(request, context) {
      return (await loadProvider()).doVoidInvoice(request, context);
    },
    async doGetInvoice(invoiceId, context) {
      return (await loadProvider()).doGetInvoice(invoiceId, context);
    },
    async doCheckVoidable(invoiceId, context) {
      return (await loadProvider()).doCheckVoidable(invoiceId, context);
    },
    async doCreateCreditNote(request, context) {
      return (await loadProvider()).doCreateCreditNote(request, context);
    },
    async doGetCreditNote(creditNoteId, context) {
      return (await loadProvider()).doGetCreditNote(creditNoteId, context);
    },
    async doListCreditNotes(request, context) {
      return (await loadProvider()).doListCreditNotes(request, context);
    },
    async doVoidCreditNote(creditNoteId, request, context: ProviderCallContext) {
      return (await loadProvider()).doVoidCreditNote(creditNoteId, request, context);
    },
    async doGetCustomerBalance(customerId, request, context) {
      return (await loadProvider()).doGetCustomerBalance(customerId, request, context);
    },
    async doSetSubscriptionBalanceSettings(subscriptionId, request, context) {
      return (await loadProvider()).doSetSubscriptionBalanceSettings(subscriptionId, request, context);
    },
    async doParseWebhook(request) {
      const loadedProvider = await loadProvider();
      if (loadedProvider.doParseWebhook === undefined) {
        throw new UnsupportedOptionError({
          option: 'parseWebhook',
          value: undefined,
          provider: options.provider,
          message: `${options.provider}: this provider does not deliver webhooks`,
        });
      }
      return loadedProvider.doParseWebhook(request);
    },
  };
  // Nothing secret is a property (the settings live in `load`'s closure), but a util.inspect of
  // the client walks into its provider: say what it is instead of printing functions.
  return hideFromInspect(lazy, `LazyProvider(${options.provider})`, []);
}

/**
 * The client was created with `expected` (it checks every call against it before any request);
 * an adapter that disagrees would make those checks wrong. Only a Stripe SDK pinned to an API
 * version before 2019-12-03 can cause it when `apiVersion` is not set: no SDK in the supported
 * range does.
 */
function assertSameCapabilities(actual: Capabilities, expected: Capabilities, setting: string): void {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return;
  throw new ValidationError({
    issues: [
      {
        path: setting,
        message:
          "must be set: the installed SDK's default behaves differently from what the client was created for. Nothing was sent.",
      },
    ],
    context: 'createBillingClient',
  });
}
