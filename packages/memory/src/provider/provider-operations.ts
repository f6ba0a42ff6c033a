import type {
  BillingProvider,
  ProviderCreateCreditNoteRequest,
  ProviderVoidInvoiceRequest,
  SubscriptionBalanceSettings,
} from '@billbridge/core';
import { snapshotPlain } from '../clone-plain.js';
import { toCreditNote, toCustomerBalance, toInvoice } from '../normalize.js';
import type { MemoryState } from '../state/create-memory-state.js';
import type { Operate } from './operate.js';
import { type KeptVoid, voidForProvider, voidResultReplay } from './void-invoice.js';

type ProviderOperations = Pick<
  BillingProvider,
  | 'doVoidInvoice'
  | 'doGetInvoice'
  | 'doCheckVoidable'
  | 'doCreateCreditNote'
  | 'doGetCreditNote'
  | 'doListCreditNotes'
  | 'doVoidCreditNote'
  | 'doGetCustomerBalance'
  | 'doSetSubscriptionBalanceSettings'
>;

/**
 * The void's input as the call log and the idempotency record keep it: frozen. The usual void (no
 * reason, comment or provider options) is frozen from a literal, which V8 does about ten times
 * faster than a copy made key by key (`snapshotPlain`); any other goes through `snapshotPlain`.
 */
function frozenVoidInput(request: ProviderVoidInvoiceRequest): Readonly<ProviderVoidInvoiceRequest> {
  if (
    request.reasonCode !== undefined ||
    request.comment !== undefined ||
    request.providerOptions !== undefined ||
    Object.keys(request).length !== 2
  ) {
    return snapshotPlain(request);
  }
  return Object.freeze({ invoiceId: request.invoiceId, appliedBalance: request.appliedBalance });
}

/**
 * The `BillingProvider` operations over one state: each is logged and fault-injectable through
 * `operate`, runs the state's rules, and normalizes the records it touched (`normalize.ts`).
 */
export function createProviderOperations(state: MemoryState, operate: Operate): ProviderOperations {
  const { flavor, invoices, creditNotes, customers, subscriptions } = state;
  const replayVoid = voidResultReplay(state);
  return {
    doVoidInvoice(request: ProviderVoidInvoiceRequest, context) {
      let kept: KeptVoid | undefined;
      return operate(
        'voidInvoice',
        frozenVoidInput(request),
        context,
        () => {
          // Stripe before 2019-12-03 consumes unless `consume_applied_balance=false` is sent (which
          // 'return' means); the client never passes 'consume' where the capabilities refuse it.
          const made = voidForProvider(state, request.invoiceId, request.appliedBalance === 'consume', {
            reasonCode: request.reasonCode,
            comment: request.comment,
            recordAsMetadata:
              (request.providerOptions?.recordVoidReasonAsMetadata as boolean | undefined) ?? true,
          });
          kept = made.kept;
          return made.result;
        },
        replayVoid(() => kept),
      );
    },

    doGetInvoice(invoiceId, context) {
      return operate('getInvoice', { invoiceId }, context, () =>
        toInvoice(invoices.get(invoiceId), flavor, creditNotes.creditsOf(invoiceId)),
      );
    },

    doCheckVoidable(invoiceId, context) {
      return operate('checkVoidable', { invoiceId }, context, () => {
        const record = invoices.get(invoiceId);
        return {
          invoice: toInvoice(record, flavor, creditNotes.creditsOf(invoiceId)),
          blockers: invoices.voidBlockers(invoiceId),
        };
      });
    },

    doCreateCreditNote(request: ProviderCreateCreditNoteRequest, context) {
      return operate('createCreditNote', request, context, () =>
        toCreditNote(creditNotes.create(request), flavor),
      );
    },

    doGetCreditNote(creditNoteId, context) {
      return operate('getCreditNote', { creditNoteId }, context, () =>
        toCreditNote(creditNotes.get(creditNoteId), flavor),
      );
    },

    doListCreditNotes({ invoiceId }, context) {
      return operate('listCreditNotes', { invoiceId }, context, () =>
        // Newest first, as Stripe and Chargebee list them.
        creditNotes
          .listForInvoice(invoiceId)
          .reverse()
          .map((note) => toCreditNote(note, flavor)),
      );
    },

    doVoidCreditNote(creditNoteId, request, context) {
      // The comment is only logged with the call; the state does not keep it.
      return operate('voidCreditNote', { creditNoteId, ...request }, context, () =>
        toCreditNote(creditNotes.void(creditNoteId), flavor),
      );
    },

    doGetCustomerBalance(customerId, request, context) {
      return operate('getCustomerBalance', { customerId, ...request }, context, () => {
        const owner = customers.get(customerId);
        return toCustomerBalance(owner, request.currency ?? owner.currency, flavor);
      });
    },

    doSetSubscriptionBalanceSettings(subscriptionId, request, context) {
      return operate('setSubscriptionBalanceSettings', { subscriptionId, ...request }, context, () => {
        const outcome = subscriptions.setBalanceSettings(subscriptionId, request);
        const result: SubscriptionBalanceSettings = {
          subscriptionId,
          consumeAppliedBalanceOnVoid: outcome.consumeAppliedBalanceOnVoid,
          appliedBy: outcome.appliedBy,
          raw: snapshotPlain(outcome.subscription),
        };
        return result;
      });
    },
  };
}
