import { deepStrictEqual, notStrictEqual } from 'node:assert/strict';
import {
  type BillingClient,
  IdempotencyConflictError,
  InvoiceNotVoidableError,
  NotFoundError,
} from '@billbridge/core';
import { CONTRACT_AMOUNTS, type ContractScenario } from '@billbridge/testing';
import { expectRejection } from './expect-rejection.js';
import { recordingIdempotencyKey } from './recording-keys.js';
import type {
  RecordingRunContext,
  RecordingScenario,
  RecordingSettings,
  RecordingSetupContext,
  ScenarioIds,
} from './recording-scenario.js';

/** The states the conformance scenarios need an invoice in. */
export type ContractInvoiceState = 'open' | 'paid' | 'draft' | 'void';

/** How a provider makes the conformance suite's state (packages/testing: describeProviderContract). */
export interface ContractRecordingSetup<Sdk> {
  /** A customer with 500 of credit and an invoice of 2000 left in `state`. */
  invoice(
    context: RecordingSetupContext<Sdk>,
    state: ContractInvoiceState,
  ): Promise<{ customerId: string; invoiceId: string }>;
  /** A second open invoice of that customer (`void-idempotency-conflict`). */
  otherInvoice(context: RecordingSetupContext<Sdk>, customerId: string): Promise<string>;
  /** A customer's subscription (`subscription-balance-settings`). */
  subscription?(context: RecordingSetupContext<Sdk>): Promise<{ customerId: string; subscriptionId: string }>;
  /** Throws unless the account has no invoice `invoiceId` (`not-found`). */
  assertNoInvoice?(context: RecordingSetupContext<Sdk>, invoiceId: string): Promise<void>;
}

/** The ids a provider's conformance cassettes use (test/conformance/*.test.ts fixtures). */
export interface ContractDocumentedIds {
  customerId: string;
  invoiceId: string;
  otherInvoiceId: string;
  /** The invoice `not-found` names. */
  missingInvoiceId: string;
  subscriptionId?: string;
  /** The credit note `credit-note-lifecycle` creates. */
  creditNoteId: string;
  /** The credit note `reverse-paid` creates. */
  reverseCreditNoteId: string;
  /** The credit note a void makes, on a Chargebee site with "Void invoices with credit note". */
  voidCreditNoteId?: string;
}

export interface ContractRecordingOptions<Sdk> {
  /** The cassettes' folder under `test/cassettes/<provider>/`, e.g. `contract/2026-10-28`. */
  folder: string;
  /** The file name suffix before `.json`, e.g. `.with-credit-note`. */
  variant?: string;
  apiVersion: string;
  /** The scenarios whose cassettes make requests and whose state can be made. */
  scenarios: readonly ContractScenario[];
  ids: ContractDocumentedIds;
  billing(context: RecordingRunContext<Sdk>): BillingClient;
  setup: ContractRecordingSetup<Sdk>;
  /** What the account needs for a scenario beyond a test key. */
  requires?: Partial<Record<ContractScenario, string>>;
  /** Why none of these can be recorded with the given settings (a site setting), or `undefined`. */
  skipReason?(settings: RecordingSettings): string | undefined;
}

const { currency, credit, creditNote } = CONTRACT_AMOUNTS;

interface ContractRecording<Sdk> {
  /** The roles of `ContractDocumentedIds` the cassette shows. */
  roles: (keyof ContractDocumentedIds)[];
  setup(context: RecordingSetupContext<Sdk>): Promise<ScenarioIds>;
  run(context: RecordingRunContext<Sdk>, billing: BillingClient): Promise<ScenarioIds | undefined>;
}

/** The void's credit note id when the site made one ("Void invoices with credit note"). */
function voidCreditNote(result: { creditNote: { id: string } | null }): ScenarioIds | undefined {
  return result.creditNote ? { voidCreditNoteId: result.creditNote.id } : undefined;
}

/**
 * The calls each conformance scenario makes (packages/testing/src/describe-provider-contract.ts),
 * without its assertions but for the outcome the cassette records (a refusal must be a refusal).
 * Keep in step with the suite: `test/record/record-scenarios-over-loopback.test.ts` fails when the
 * calls here and the requests in the cassettes part.
 */
function contractRecording<Sdk>(
  scenario: ContractScenario,
  options: ContractRecordingOptions<Sdk>,
): ContractRecording<Sdk> {
  const { setup } = options;
  const invoiceIn = (state: ContractInvoiceState) => (context: RecordingSetupContext<Sdk>) =>
    setup.invoice(context, state);
  const refused = (state: ContractInvoiceState): ContractRecording<Sdk> => ({
    roles: ['invoiceId', 'customerId'],
    setup: invoiceIn(state),
    async run(context, billing) {
      await expectRejection(
        billing.voidInvoice(context.ids.invoiceId!),
        InvoiceNotVoidableError.isInstance,
        `void of a ${state} invoice`,
      );
      await billing.getInvoice(context.ids.invoiceId!);
      return undefined;
    },
  });
  const voidRoles: (keyof ContractDocumentedIds)[] = options.ids.voidCreditNoteId
    ? ['invoiceId', 'customerId', 'voidCreditNoteId']
    : ['invoiceId', 'customerId'];
  switch (scenario) {
    case 'void-open-with-credit':
    case 'void-consume':
      return {
        roles: voidRoles,
        setup: invoiceIn('open'),
        async run(context, billing) {
          const result = await billing.voidInvoice(
            context.ids.invoiceId!,
            scenario === 'void-consume' ? { appliedBalance: 'consume' } : {},
          );
          await billing.getCustomerBalance(context.ids.customerId!, { currency });
          return voidCreditNote(result);
        },
      };
    case 'void-refused-paid':
      return refused('paid');
    case 'void-refused-draft':
      return refused('draft');
    case 'void-refused-void':
      return refused('void');
    case 'void-idempotent-replay':
      return {
        roles: voidRoles,
        setup: invoiceIn('open'),
        async run(context, billing) {
          const idempotencyKey = recordingIdempotencyKey(context, 'replay');
          const first = await billing.voidInvoice(context.ids.invoiceId!, { idempotencyKey });
          const second = await billing.voidInvoice(context.ids.invoiceId!, { idempotencyKey });
          deepStrictEqual(second.replayed, true, 'the provider replays the first void');
          await billing.getCustomerBalance(context.ids.customerId!, { currency });
          return voidCreditNote(first);
        },
      };
    case 'void-idempotency-conflict':
      return {
        roles: [...voidRoles, 'otherInvoiceId'],
        async setup(context) {
          const ids = await setup.invoice(context, 'open');
          return { ...ids, otherInvoiceId: await setup.otherInvoice(context, ids.customerId) };
        },
        async run(context, billing) {
          const idempotencyKey = recordingIdempotencyKey(context, 'conflict');
          const first = await billing.voidInvoice(context.ids.invoiceId!, { idempotencyKey });
          await expectRejection(
            billing.voidInvoice(context.ids.otherInvoiceId!, { idempotencyKey }),
            IdempotencyConflictError.isInstance,
            'the same key for another invoice',
          );
          return voidCreditNote(first);
        },
      };
    case 'void-with-reason':
      return {
        roles: voidRoles,
        setup: invoiceIn('open'),
        async run(context, billing) {
          const result = await billing.voidInvoice(context.ids.invoiceId!, {
            reasonCode: 'duplicate',
            comment: 'Raised twice by mistake',
          });
          return voidCreditNote(result);
        },
      };
    case 'credit-note-lifecycle':
      return {
        roles: ['invoiceId', 'customerId', 'creditNoteId'],
        setup: invoiceIn('open'),
        async run(context, billing) {
          const created = await billing.createCreditNote({
            invoiceId: context.ids.invoiceId!,
            amount: creditNote,
            reason: 'order_change',
          });
          await billing.listCreditNotes({ invoiceId: context.ids.invoiceId! });
          await billing.voidCreditNote(created.id);
          const read = await billing.getCreditNote(created.id);
          deepStrictEqual(read.status, 'void', 'the credit note is void');
          return { creditNoteId: created.id };
        },
      };
    case 'reverse-open':
      return {
        roles: voidRoles,
        setup: invoiceIn('open'),
        async run(context, billing) {
          const result = await billing.reverseInvoice(context.ids.invoiceId!);
          if (result.action !== 'voided') throw new Error(`reverse of an open invoice: ${result.action}`);
          deepStrictEqual(result.void.balanceReturned, { amount: credit, currency }, 'the credit comes back');
          return voidCreditNote(result.void);
        },
      };
    case 'reverse-paid':
      return {
        roles: ['invoiceId', 'customerId', 'reverseCreditNoteId'],
        setup: invoiceIn('paid'),
        async run(context, billing) {
          const result = await billing.reverseInvoice(context.ids.invoiceId!, { paid: 'credit_balance' });
          if (result.action !== 'credited') throw new Error(`reverse of a paid invoice: ${result.action}`);
          return { reverseCreditNoteId: result.creditNote.id };
        },
      };
    case 'reverse-paid-refused':
      return {
        roles: ['invoiceId', 'customerId'],
        setup: invoiceIn('paid'),
        async run(context, billing) {
          await expectRejection(
            billing.reverseInvoice(context.ids.invoiceId!),
            InvoiceNotVoidableError.isInstance,
            'reverse of a paid invoice without a settlement',
          );
          return undefined;
        },
      };
    case 'not-found':
      return {
        roles: ['missingInvoiceId'],
        async setup(context) {
          await setup.assertNoInvoice?.(context, options.ids.missingInvoiceId);
          return { missingInvoiceId: options.ids.missingInvoiceId };
        },
        async run(context, billing) {
          const missing = context.ids.missingInvoiceId!;
          await expectRejection(
            billing.getInvoice(missing),
            NotFoundError.isInstance,
            'read of a missing invoice',
          );
          await expectRejection(
            billing.voidInvoice(missing),
            NotFoundError.isInstance,
            'void of a missing invoice',
          );
          return undefined;
        },
      };
    case 'subscription-balance-settings':
      return {
        roles: ['subscriptionId', 'customerId'],
        async setup(context) {
          if (!setup.subscription) throw new Error('this provider makes no subscription for recordings');
          return setup.subscription(context);
        },
        async run(context, billing) {
          for (const consumeAppliedBalanceOnVoid of [false, true]) {
            const settings = await billing.setSubscriptionBalanceSettings(context.ids.subscriptionId!, {
              consumeAppliedBalanceOnVoid,
            });
            notStrictEqual(settings.appliedBy, 'native', 'the setting is sent to the provider');
          }
          return undefined;
        },
      };
    default:
      throw new Error(`${scenario}: makes no request, nothing to record`);
  }
}

/** Recording scenarios for one folder of conformance cassettes (one per contract scenario that makes requests). */
export function contractRecordingScenarios<Sdk>(
  options: ContractRecordingOptions<Sdk>,
): RecordingScenario<Sdk>[] {
  return options.scenarios.map((name) => {
    const recording = contractRecording(name, options);
    const documentedIds: ScenarioIds = {};
    for (const role of recording.roles) {
      const id = options.ids[role];
      if (id === undefined) throw new Error(`${options.folder}/${name}: no documented ${role}`);
      documentedIds[role] = id;
    }
    const requires = options.requires?.[name];
    return {
      cassette: `${options.folder}/${name}${options.variant ?? ''}.json`,
      apiVersion: options.apiVersion,
      documentedIds,
      ...(requires !== undefined ? { requires } : {}),
      ...(options.skipReason ? { skipReason: options.skipReason } : {}),
      setup: recording.setup,
      run: (context) => recording.run(context, options.billing(context)),
    };
  });
}
