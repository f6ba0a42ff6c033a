// Long because it holds every scenario of the contract, each a few lines (webhook scenarios: webhook-contract-scenarios.ts).

import { isDeepStrictEqual } from 'node:util';
import {
  type BillingClient,
  creditNoteSchema,
  customerBalanceSchema,
  IdempotencyConflictError,
  InvoiceNotVoidableError,
  invoiceSchema,
  NotFoundError,
  type ParseWebhookInput,
  subscriptionBalanceSettingsSchema,
  UnsupportedOptionError,
  ValidationError,
  type VoidBlocker,
  voidInvoiceResultSchema,
} from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { checkRawResults, type ValidateRaw } from './check-raw-results.js';
import { WEBHOOK_CONTRACT_SCENARIOS, webhookContractRuns } from './webhook-contract-scenarios.js';

/** The numbers every scenario uses (see docs/conformance.md). */
export const CONTRACT_AMOUNTS = {
  currency: 'usd',
  credit: 500,
  total: 2000,
  amountDue: 1500,
  creditNote: 300,
} as const;

/** Every scenario of the provider contract suite `describeProviderContract` runs, by name. */
export const CONTRACT_SCENARIOS = [
  'void-open-with-credit',
  'void-consume',
  'void-consume-refused',
  'void-refused-paid',
  'void-refused-draft',
  'void-refused-void',
  'void-idempotent-replay',
  'void-idempotency-conflict',
  'void-with-reason',
  'credit-note-lifecycle',
  'reverse-open',
  'reverse-paid',
  'reverse-paid-refused',
  'not-found',
  'subscription-balance-settings',
  'bad-input',
  ...WEBHOOK_CONTRACT_SCENARIOS,
] as const;

/** The name of one contract scenario (one of `CONTRACT_SCENARIOS`). */
export type ContractScenario = (typeof CONTRACT_SCENARIOS)[number];

/**
 * The objects a scenario's `setup` prepared at the provider: the customer and invoice, and what some
 * scenarios need besides.
 */
export interface ContractFixture {
  customerId: string;
  invoiceId: string;
  /** `void-idempotency-conflict`: a second open invoice. */
  otherInvoiceId?: string;
  /** `subscription-balance-settings`. */
  subscriptionId?: string;
}

/**
 * What `setup` hands a contract scenario: the client over the provider, its fixture, and the probes the
 * scenario checks (request count, webhook delivery).
 */
export interface ContractHarness {
  client: BillingClient;
  fixture: ContractFixture;
  /** Provider requests so far: HTTP requests for adapters, provider operations for the memory provider. */
  requestCount(): number;
  /**
   * The webhook scenarios: the delivery (body and headers, authenticated as configured) the
   * provider sends when `fixture.invoiceId` is voided. Needed where capabilities list webhooks.
   */
  webhookDelivery?(): ParseWebhookInput | Promise<ParseWebhookInput>;
  /** Called after a scenario that passed, e.g. to assert every cassette interaction was used. */
  done?(): void | Promise<void>;
  /** Always called last, passed or failed, e.g. to remove nock interceptors. */
  teardown?(): void | Promise<void>;
}

/**
 * The options of `describeProviderContract`: the suite's name, the per-scenario `setup`, typed skips with
 * reasons, the capabilities, and the `raw` validator.
 */
export interface DescribeProviderContractOptions {
  name: string;
  setup(scenario: ContractScenario): ContractHarness | Promise<ContractHarness>;
  /** Typed opt-outs: a scenario and the reason it does not apply. */
  skip?: Partial<Record<ContractScenario, string>>;
  /**
   * The provider's capabilities. When given, scenarios they rule out are skipped before `setup` is
   * called (cassette-backed providers pass them so they need no cassette for such scenarios). Each
   * scenario that runs checks that the client's own capabilities are these (toStrictEqual).
   */
  capabilities?: BillingClient['capabilities'];
  /**
   * Judges the `raw` of every normalized object a scenario gets back (invoices, credit notes,
   * customer balances, void results, the invoice a refusal carries) against the provider's own
   * schema; a scenario with any problem fails, listing them. See `check-raw-results.ts`.
   */
  validateRaw?: ValidateRaw;
}

const { currency, credit, total, creditNote: creditNoteAmount } = CONTRACT_AMOUNTS;

/**
 * Awaits `promise` and returns its rejection when `check` accepts it; throws, with `label`, when it
 * resolves or rejects with another error.
 */
async function expectRejection<E>(
  promise: Promise<unknown>,
  check: (error: unknown) => error is E,
  label: string,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (!check(error))
      throw new Error(`${label}: expected a different error, got ${String(error)}`, { cause: error });
    return error;
  }
  throw new Error(`${label}: expected a rejection, but the call succeeded`);
}

/** Asserts a provider's normalized output matches billbridge's schema (integer money, closed unions). */
function shaped<T>(
  schema: { safeParse(value: unknown): { success: boolean; error?: unknown } },
  value: T,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`provider output does not match its schema: ${String(parsed.error)}`);
  return value;
}

type Run = (harness: ContractHarness, capabilities: BillingClient['capabilities']) => Promise<void>;

function refusedVoid(blocker: VoidBlocker, status: string): Run {
  return async ({ client, fixture }) => {
    const error = await expectRejection(
      client.voidInvoice(fixture.invoiceId),
      InvoiceNotVoidableError.isInstance,
      'void of a non-voidable invoice',
    );
    expect(error.blockers).toContain(blocker);
    expect(error.invoiceId).toBe(fixture.invoiceId);
    const after = shaped(invoiceSchema, await client.getInvoice(fixture.invoiceId));
    expect(after.status).toBe(status);
  };
}

const runs: Record<
  ContractScenario,
  { applies?: (capabilities: BillingClient['capabilities']) => boolean; run: Run }
> = {
  'void-open-with-credit': {
    applies: (capabilities) => capabilities.voidInvoice.appliedBalance.includes('return'),
    run: async ({ client, fixture, requestCount }, capabilities) => {
      const before = requestCount();
      const result = shaped(voidInvoiceResultSchema, await client.voidInvoice(fixture.invoiceId));
      expect(requestCount() - before).toBe(1);
      expect(result.invoice.id).toBe(fixture.invoiceId);
      expect(result.invoice.status).toBe('void');
      expect(result.invoice.total).toEqual({ amount: total, currency });
      expect(result.balanceReturned).toEqual({ amount: credit, currency });
      if (capabilities.voidInvoice.creditNoteOnVoid) {
        expect(result.creditNote).not.toBeNull();
        expect(result.creditNote?.kind).toBe('adjustment');
        expect(result.creditNote?.invoiceId).toBe(fixture.invoiceId);
      } else {
        expect(result.creditNote).toBeNull();
      }
      const balance = shaped(
        customerBalanceSchema,
        await client.getCustomerBalance(fixture.customerId, { currency }),
      );
      expect(balance.credit).toBe(credit);
      expect(balance.currency).toBe(currency);
    },
  },
  'void-consume': {
    applies: (capabilities) => capabilities.voidInvoice.appliedBalance.includes('consume'),
    run: async ({ client, fixture, requestCount }) => {
      const before = requestCount();
      const result = await client.voidInvoice(fixture.invoiceId, { appliedBalance: 'consume' });
      expect(requestCount() - before).toBe(1);
      expect(result.invoice.status).toBe('void');
      expect(result.balanceReturned).toBeNull();
      const balance = shaped(
        customerBalanceSchema,
        await client.getCustomerBalance(fixture.customerId, { currency }),
      );
      expect(balance.credit).toBe(0);
    },
  },
  'void-consume-refused': {
    applies: (capabilities) => !capabilities.voidInvoice.appliedBalance.includes('consume'),
    run: async ({ client, fixture, requestCount }) => {
      const error = await expectRejection(
        client.voidInvoice(fixture.invoiceId, { appliedBalance: 'consume' }),
        UnsupportedOptionError.isInstance,
        'consume where unsupported',
      );
      expect(error.option).toBe('appliedBalance');
      expect(error.outcome).toBe('not_executed');
      expect(requestCount()).toBe(0);
    },
  },
  'void-refused-paid': { run: refusedVoid('paid', 'paid') },
  'void-refused-draft': { run: refusedVoid('draft', 'draft') },
  'void-refused-void': { run: refusedVoid('already_void', 'void') },
  'void-idempotent-replay': {
    run: async ({ client, fixture }) => {
      const first = await client.voidInvoice(fixture.invoiceId, { idempotencyKey: 'contract-replay-1' });
      const second = await client.voidInvoice(fixture.invoiceId, { idempotencyKey: 'contract-replay-1' });
      expect(first.invoice.status).toBe('void');
      expect(second.invoice.status).toBe('void');
      expect(second.invoice.id).toBe(first.invoice.id);
      expect(second.balanceReturned).toEqual(first.balanceReturned);
      expect(first.balanceReturned).toEqual({ amount: credit, currency });
      expect(first.replayed).toBe(false);
      expect(second.replayed).toBe(true);
      const balance = shaped(
        customerBalanceSchema,
        await client.getCustomerBalance(fixture.customerId, { currency }),
      );
      expect(balance.credit).toBe(credit);
    },
  },
  'void-idempotency-conflict': {
    run: async ({ client, fixture }) => {
      if (!fixture.otherInvoiceId) throw new Error('void-idempotency-conflict needs fixture.otherInvoiceId');
      const first = await client.voidInvoice(fixture.invoiceId, { idempotencyKey: 'contract-conflict-1' });
      expect(first.invoice.status).toBe('void');
      const error = await expectRejection(
        client.voidInvoice(fixture.otherInvoiceId, { idempotencyKey: 'contract-conflict-1' }),
        IdempotencyConflictError.isInstance,
        'same key, other invoice',
      );
      expect(error.retryable).toBe(false);
    },
  },
  'void-with-reason': {
    run: async ({ client, fixture }, capabilities) => {
      const result = await client.voidInvoice(fixture.invoiceId, {
        reasonCode: 'duplicate',
        comment: 'Raised twice by mistake',
      });
      expect(result.invoice.status).toBe('void');
      if (capabilities.voidInvoice.reasonCode !== 'none') {
        expect(result.invoice.voidReasonCode).toBe('duplicate');
      }
      // A comment kept as metadata is on the invoice; one with nowhere to go is said so. A native
      // comment (Chargebee's) is not part of the normalized invoice, so it is not checked here.
      if (capabilities.voidInvoice.comment === 'metadata') {
        expect(Object.values(result.invoice.metadata)).toContain('Raised twice by mistake');
      } else if (capabilities.voidInvoice.comment === 'none') {
        expect(result.warnings.map((warning) => warning.code)).toContain('comment_not_recorded');
      }
    },
  },
  'credit-note-lifecycle': {
    run: async ({ client, fixture }) => {
      const created = shaped(
        creditNoteSchema,
        await client.createCreditNote({
          invoiceId: fixture.invoiceId,
          amount: creditNoteAmount,
          reason: 'order_change',
        }),
      );
      expect(created.kind).toBe('adjustment');
      expect(created.status).toBe('issued');
      expect(created.total).toEqual({ amount: creditNoteAmount, currency });
      expect(created.invoiceId).toBe(fixture.invoiceId);
      expect(created.customerId).toBe(fixture.customerId);
      const listed = await client.listCreditNotes({ invoiceId: fixture.invoiceId });
      expect(listed.map((note) => note.id)).toContain(created.id);
      const voided = await client.voidCreditNote(created.id);
      expect(voided.id).toBe(created.id);
      expect(voided.status).toBe('void');
      const read = await client.getCreditNote(created.id);
      expect(read.status).toBe('void');
    },
  },
  'reverse-open': {
    run: async ({ client, fixture, requestCount }) => {
      const before = requestCount();
      const result = await client.reverseInvoice(fixture.invoiceId);
      expect(requestCount() - before).toBe(2);
      expect(result.action).toBe('voided');
      if (result.action !== 'voided') return;
      expect(result.void.invoice.status).toBe('void');
      expect(result.void.balanceReturned).toEqual({ amount: credit, currency });
    },
  },
  'reverse-paid': {
    applies: (capabilities) => capabilities.creditNotes.paidSettlement.includes('credit_balance'),
    run: async ({ client, fixture }, capabilities) => {
      // Stripe credits the full total; Chargebee books promotional credits as a discount, so only
      // what is left of its total after them (capabilities.creditNotes.appliedBalanceCreditable).
      const creditable = capabilities.creditNotes.appliedBalanceCreditable ? total : total - credit;
      const result = await client.reverseInvoice(fixture.invoiceId, { paid: 'credit_balance' });
      expect(result.action).toBe('credited');
      if (result.action !== 'credited') return;
      expect(result.creditNote.kind).toBe('credit');
      expect(result.creditNote.total).toEqual({ amount: creditable, currency });
      expect(result.creditNote.creditAmount).toBe(creditable);
      expect(result.creditNote.invoiceId).toBe(fixture.invoiceId);
    },
  },
  'reverse-paid-refused': {
    run: async ({ client, fixture, requestCount }) => {
      const before = requestCount();
      const error = await expectRejection(
        client.reverseInvoice(fixture.invoiceId),
        InvoiceNotVoidableError.isInstance,
        'reverse of a paid invoice without a settlement',
      );
      expect(error.blockers).toEqual(['paid']);
      expect(requestCount() - before).toBe(1);
    },
  },
  'not-found': {
    run: async ({ client, fixture }) => {
      await expectRejection(
        client.getInvoice(fixture.invoiceId),
        NotFoundError.isInstance,
        'get of a missing invoice',
      );
      await expectRejection(
        client.voidInvoice(fixture.invoiceId),
        NotFoundError.isInstance,
        'void of a missing invoice',
      );
    },
  },
  'subscription-balance-settings': {
    run: async ({ client, fixture, requestCount }, capabilities) => {
      const subscriptionId = fixture.subscriptionId;
      if (!subscriptionId) throw new Error('subscription-balance-settings needs fixture.subscriptionId');
      const off = shaped(
        subscriptionBalanceSettingsSchema,
        await client.setSubscriptionBalanceSettings(subscriptionId, { consumeAppliedBalanceOnVoid: false }),
      );
      expect(off.subscriptionId).toBe(subscriptionId);
      expect(off.consumeAppliedBalanceOnVoid).toBe(false);
      if (capabilities.subscriptionBalanceSettings.consumeAppliedBalanceOnVoid.includes(true)) {
        const on = await client.setSubscriptionBalanceSettings(subscriptionId, {
          consumeAppliedBalanceOnVoid: true,
        });
        expect(on.consumeAppliedBalanceOnVoid).toBe(true);
      } else {
        const before = requestCount();
        await expectRejection(
          client.setSubscriptionBalanceSettings(subscriptionId, { consumeAppliedBalanceOnVoid: true }),
          UnsupportedOptionError.isInstance,
          'consume on void where unsupported',
        );
        expect(requestCount()).toBe(before);
      }
    },
  },
  'bad-input': {
    run: async ({ client, fixture, requestCount }) => {
      const invoiceId = fixture.invoiceId;
      const cases: [string, () => Promise<unknown>, string][] = [
        ['empty id', () => client.voidInvoice(''), 'invoiceId'],
        ['path traversal', () => client.voidInvoice('in_1/../x'), 'invoiceId'],
        ['space in id', () => client.voidInvoice('in 1'), 'invoiceId'],
        ['query in id', () => client.getInvoice('in_1?expand=x'), 'invoiceId'],
        ['fragment in id', () => client.checkVoidable('in_1#x'), 'invoiceId'],
        ['encoded slash', () => client.getCreditNote('cn_1%2Fx'), 'creditNoteId'],
        ['comment of 301', () => client.voidInvoice(invoiceId, { comment: 'c'.repeat(301) }), 'comment'],
        [
          'reason code of 101',
          () => client.voidInvoice(invoiceId, { reasonCode: 'r'.repeat(101) }),
          'reasonCode',
        ],
        ['unknown option', () => client.voidInvoice(invoiceId, { consume: true } as never), ''],
        [
          'bad appliedBalance',
          () => client.voidInvoice(invoiceId, { appliedBalance: 'keep' as never }),
          'appliedBalance',
        ],
        ['float amount', () => client.createCreditNote({ invoiceId, amount: 10.5 }), 'amount'],
        ['negative amount', () => client.createCreditNote({ invoiceId, amount: -300 }), 'amount'],
        ['NaN amount', () => client.createCreditNote({ invoiceId, amount: Number.NaN }), 'amount'],
        ['unsafe amount', () => client.createCreditNote({ invoiceId, amount: 2 ** 53 }), 'amount'],
        [
          'bad currency',
          () => client.getCustomerBalance(fixture.customerId, { currency: 'USD' }),
          'currency',
        ],
        ['bad customer id', () => client.getCustomerBalance('cus 1'), 'customerId'],
        [
          'bad setting',
          () =>
            client.setSubscriptionBalanceSettings('sub_1', { consumeAppliedBalanceOnVoid: 'no' as never }),
          'consumeAppliedBalanceOnVoid',
        ],
        [
          'void credit note comment',
          () => client.voidCreditNote('cn_1', { comment: 'c'.repeat(301) }),
          'comment',
        ],
      ];
      for (const [label, call, path] of cases) {
        const error = await expectRejection(call(), ValidationError.isInstance, label);
        expect(error.path, label).toBe(path);
        expect(error.outcome).toBe('not_executed');
      }
      expect(requestCount()).toBe(0);
    },
  },
  ...webhookContractRuns,
};

/**
 * Why declared capabilities are not the client's own (`undefined` when none were declared or they
 * are equal): each differing top-level entry is named.
 */
export function declaredCapabilitiesMismatch(
  declared: BillingClient['capabilities'] | undefined,
  actual: BillingClient['capabilities'],
): string | undefined {
  if (!declared || isDeepStrictEqual(declared, actual)) return undefined;
  const keys = [...new Set([...Object.keys(declared), ...Object.keys(actual)])];
  const differing = keys.filter(
    (key) =>
      !isDeepStrictEqual(
        (declared as Record<string, unknown>)[key],
        (actual as Record<string, unknown>)[key],
      ),
  );
  return `the declared capabilities are not the client's own (${differing.join(', ')} differ): declare client.capabilities, or opt out with skip`;
}

/**
 * Defines the conformance suite (vitest) for one provider. Scenarios that a provider's capabilities
 * rule out are reported as skipped with the reason; `skip` adds typed opt-outs.
 */
export function describeProviderContract(options: DescribeProviderContractOptions): void {
  describe(`provider contract: ${options.name}`, () => {
    for (const scenario of CONTRACT_SCENARIOS) {
      const optOut = options.skip?.[scenario];
      if (optOut) {
        // Skipped on purpose: the provider's setup declared why this scenario does not apply.
        it.skip(`${scenario} (opted out: ${optOut})`, () => {});
        continue;
      }
      const entry = runs[scenario];
      if (options.capabilities && entry.applies && !entry.applies(options.capabilities)) {
        // Skipped on purpose: the declared capabilities rule this scenario out.
        it.skip(`${scenario} (not applicable to these capabilities)`, () => {});
        continue;
      }
      it(scenario, async (context) => {
        const harness = await options.setup(scenario);
        try {
          // Declared capabilities decide what is skipped before setup; they must be the client's
          // own, or a stale declaration would skip or weaken scenarios unnoticed (until 2026-12-07).
          const mismatch = declaredCapabilitiesMismatch(options.capabilities, harness.client.capabilities);
          if (mismatch) throw new Error(mismatch);
          const capabilities = options.capabilities ?? harness.client.capabilities;
          if (entry.applies && !entry.applies(capabilities)) {
            context.skip(`not applicable: the provider's capabilities rule out ${scenario}`);
            return;
          }
          const raws = options.validateRaw && checkRawResults(harness.client, options.validateRaw, scenario);
          await entry.run(raws ? { ...harness, client: raws.client } : harness, capabilities);
          if (raws && raws.issues.length > 0) {
            throw new Error(`raw objects that fail the provider's schema:\n${raws.issues.join('\n')}`);
          }
          await harness.done?.();
        } finally {
          await harness.teardown?.();
        }
      });
    }
  });
}

export { expectRejection };
