import {
  BillingError,
  type BillingProvider,
  type BillingWarning,
  type CreditNote,
  type CustomerBalance,
  chargebeeProviderOptionsSchema,
  currencySchema,
  type Invoice,
  InvoiceNotVoidableError,
  NotFoundError,
  type ProviderCallContext,
  type ProviderCreateCreditNoteRequest,
  type ProviderVoidInvoiceRequest,
  parseInput,
  positiveMinorUnitsSchema,
  providerIdSchema,
  STRIPE_API_VERSION_PATTERN,
  type SubscriptionBalanceSettings,
  stripeProviderOptionsSchema,
  type VoidBlocker,
  type VoidInvoiceResult,
} from '@billbridge/core';
import { z } from 'zod';
import { chargebeeCreditNote } from './chargebee-credit-note.js';
import { clonePlain, snapshotPlain } from './clone-plain.js';
import { createFaultQueue, type FailNextOptions } from './fault-injection.js';
import { createIdempotencyRecords } from './idempotency-records.js';
import { chargebeeFlavor, type MemoryFlavor, stripeFlavor } from './memory-flavor.js';
import { createIdGenerator } from './memory-ids.js';
import type { MemoryCall, MemoryOperation } from './memory-operation.js';
import type {
  CreditBucket,
  CreditNoteRecord,
  CustomerRecord,
  InvoiceRecord,
  LedgerEntry,
  SubscriptionRecord,
} from './memory-records.js';
import { amountDue, appliedTotal, toCreditNote, toCustomerBalance, toInvoice } from './normalize.js';
import { splitStripeCreditNote } from './split-stripe-credit-note.js';
import { createTestClock, type TestClock } from './test-clock.js';

/** The Stripe API version the memory provider's Stripe flavor follows unless told otherwise (stripe-node 23's). */
export const MEMORY_DEFAULT_STRIPE_API_VERSION = '2026-10-28.endive';

export const memoryProviderSettingsSchema = z.strictObject({
  flavor: z.enum(['stripe', 'chargebee']).default('stripe'),
  /** Stripe flavor only: the API version whose balance rules apply (e.g. `2019-11-05`). */
  apiVersion: z
    .string()
    .regex(STRIPE_API_VERSION_PATTERN, 'must be a Stripe API version such as "2019-11-05"')
    .optional(),
  /** Chargebee flavor only: the site setting "Void invoices with credit note". */
  voidCreatesCreditNote: z.boolean().default(false),
  now: z
    .custom<() => Date>((value) => typeof value === 'function', 'must be a function returning a Date')
    .optional(),
  /** Seed for the deterministic id generator. */
  idSeed: z.int().optional(),
});

export type MemoryProviderSettings = z.input<typeof memoryProviderSettingsSchema>;

const createCustomerSchema = z.strictObject({
  id: providerIdSchema.optional(),
  currency: currencySchema,
  credit: z.int().min(0).optional(),
});
const createSubscriptionSchema = z.strictObject({
  id: providerIdSchema.optional(),
  customerId: providerIdSchema,
});
const createInvoiceSchema = z.strictObject({
  id: providerIdSchema.optional(),
  customerId: providerIdSchema,
  currency: currencySchema.optional(),
  subscriptionId: providerIdSchema.optional(),
  lines: z
    .array(z.strictObject({ amount: positiveMinorUnitsSchema, description: z.string().max(500).optional() }))
    .min(1, 'an invoice needs at least one line'),
});

export interface MemoryProvider extends BillingProvider {
  readonly flavor: MemoryFlavor['name'];
  /** The Stripe API version followed (Stripe flavor), or `undefined`. */
  readonly apiVersion: string | undefined;
  readonly clock: TestClock;
  /** Every provider operation, in order (seeding helpers are not logged). */
  readonly calls: readonly MemoryCall[];
  createCustomer(input: z.input<typeof createCustomerSchema>): CustomerBalance;
  createSubscription(input: z.input<typeof createSubscriptionSchema>): { id: string; customerId: string };
  /** A draft invoice. */
  createInvoice(input: z.input<typeof createInvoiceSchema>): Invoice;
  /** Finalizes a draft: applies the customer's available credit, like the provider; fully covered → paid. */
  finalizeInvoice(invoiceId: string): Invoice;
  /** Pays what is due. With `amount` less than due, records a partial payment (Chargebee: blocks a void). */
  payInvoice(invoiceId: string, options?: { amount?: number }): Invoice;
  markUncollectible(invoiceId: string): Invoice;
  /** Voids an invoice the way the provider does on its own for a subscription, using its balance setting. */
  voidInvoiceForSubscription(invoiceId: string): VoidInvoiceResult;
  /** The customer's ledger (the credit is always its sum). */
  ledger(customerId: string): readonly LedgerEntry[];
  failNext(
    operation: MemoryOperation,
    error: BillingError | (() => BillingError),
    options?: FailNextOptions,
  ): void;
  /** Forgets everything: customers, invoices, credit notes, idempotency records, faults, the call log. */
  reset(): void;
}

/**
 * A stateful in-memory billing provider that follows Stripe's or Chargebee's rules (DESIGN §9):
 * balances applied at finalize and returned or consumed at void by flavor and API version,
 * voidability blockers, credit notes, subscription balance settings, idempotency records, faults.
 */
export function createMemoryProvider(settingsInput: MemoryProviderSettings = {}): MemoryProvider {
  const settings = parseInput(memoryProviderSettingsSchema, settingsInput, {
    context: 'createMemoryProvider',
  });
  const apiVersion =
    settings.flavor === 'stripe' ? (settings.apiVersion ?? MEMORY_DEFAULT_STRIPE_API_VERSION) : undefined;
  const flavor =
    apiVersion !== undefined ? stripeFlavor(apiVersion) : chargebeeFlavor(settings.voidCreatesCreditNote);
  const clock = createTestClock(settings.now);
  const ids = createIdGenerator(settings.idSeed ?? 1);
  const faults = createFaultQueue();
  const idempotency = createIdempotencyRecords('memory');
  const calls: MemoryCall[] = [];
  const customers = new Map<string, CustomerRecord>();
  const subscriptions = new Map<string, SubscriptionRecord>();
  const invoices = new Map<string, InvoiceRecord>();
  const creditNotes = new Map<string, CreditNoteRecord>();
  let ledgerCounter = 0;

  const now = () => clock.nowIso();
  const numbered = new Map<string, number>();
  const newId = (kind: keyof MemoryFlavor['ids']) => {
    const style = flavor.ids[kind];
    let id: string;
    do {
      const next = (numbered.get(kind) ?? 1000) + 1;
      numbered.set(kind, next);
      id = style.numbered ? `${style.prefix}${next}` : ids.id(style.prefix);
    } while (customers.has(id) || invoices.has(id) || creditNotes.has(id) || subscriptions.has(id));
    return id;
  };

  function refused(message: string, status = 400): BillingError {
    return new BillingError({
      message,
      code: 'provider_error',
      provider: 'memory',
      status,
      outcome: 'failed',
    });
  }

  function customer(id: string): CustomerRecord {
    const found = customers.get(id);
    if (!found)
      throw new NotFoundError({ message: `no such customer: ${id}`, provider: 'memory', status: 404 });
    return found;
  }

  function invoice(id: string): InvoiceRecord {
    const found = invoices.get(id);
    if (!found)
      throw new NotFoundError({ message: `no such invoice: ${id}`, provider: 'memory', status: 404 });
    return found;
  }

  function creditNote(id: string): CreditNoteRecord {
    const found = creditNotes.get(id);
    if (!found)
      throw new NotFoundError({ message: `no such credit note: ${id}`, provider: 'memory', status: 404 });
    return found;
  }

  function post(
    owner: CustomerRecord,
    amount: number,
    bucket: CreditBucket,
    reason: LedgerEntry['reason'],
    refs: { invoiceId?: string; creditNoteId?: string } = {},
  ) {
    if (amount === 0) return;
    ledgerCounter += 1;
    // Entries never change once written, so they are frozen and every snapshot can share them.
    owner.ledger.push(
      Object.freeze({ id: `le_${ledgerCounter}`, amount, bucket, reason, ...refs, at: now() }),
    );
    owner.balances[bucket] += amount;
  }

  function bucketBalance(owner: CustomerRecord, bucket: CreditBucket): number {
    return owner.balances[bucket];
  }

  function blockersOf(record: InvoiceRecord): VoidBlocker[] {
    if (record.status === 'void') return ['already_void'];
    if (record.status === 'paid') return ['paid'];
    if (record.status === 'draft') return ['draft'];
    const blockers: VoidBlocker[] = [];
    if (flavor.name === 'chargebee') {
      if (record.amountPaid > 0) blockers.push('has_payments');
      if (record.adjusted > 0) blockers.push('has_adjustments');
    }
    return blockers;
  }

  /**
   * A void result is kept by what it was made of: the frozen snapshots of the invoice (and of the
   * credit note a Chargebee void makes) are shared, not copied, and the replay is rebuilt from
   * them. Voids are the hot path; this keeps one stored object per void instead of a deep copy.
   */
  const voidResultReplay: ReplayOptions<VoidInvoiceResult> = {
    snapshot: (result) => ({
      invoiceRaw: result.invoice.raw,
      balanceReturned: result.balanceReturned?.amount ?? null,
      creditNoteRaw: result.creditNote?.raw ?? null,
      warnings: result.warnings.length > 0 ? clonePlain(result.warnings) : noWarnings,
    }),
    restore: (stored) => {
      const snapshot = stored as VoidResultSnapshot;
      const invoice = toInvoice(snapshot.invoiceRaw, flavor);
      return {
        invoice,
        balanceReturned:
          snapshot.balanceReturned === null
            ? null
            : { amount: snapshot.balanceReturned, currency: invoice.currency },
        creditNote: snapshot.creditNoteRaw === null ? null : toCreditNote(snapshot.creditNoteRaw, flavor),
        warnings: snapshot.warnings.map((warning) => ({ ...warning })),
        replayed: true,
        raw: invoice.raw,
      };
    },
  };

  /** Runs one logged provider operation: fault injection, idempotency records and the call log. */
  async function operate<T>(
    operation: MemoryOperation,
    input: unknown,
    context: ProviderCallContext,
    run: () => T,
    options: ReplayOptions<T> = copyOnReplay as ReplayOptions<T>,
  ): Promise<T> {
    // Frozen, so the idempotency record can keep the same snapshot of the input.
    const frozenInput = snapshotPlain(input);
    const entry: MemoryCall = {
      operation,
      input: frozenInput,
      idempotencyKey: context.idempotencyKey,
      attempt: context.attempt,
      outcome: 'ok',
      at: now(),
    };
    calls.push(entry);
    try {
      const fault = faults.take(operation);
      if (fault?.effect === 'before') throw fault.error;
      const key = context.idempotencyKey;
      if (key !== undefined) {
        const stored = idempotency.lookup(key, operation, input);
        if (stored) {
          entry.outcome = 'replayed';
          const value = stored.value as { error?: BillingError; snapshot?: unknown };
          if (value.error) throw value.error;
          const result = options.restore(value.snapshot);
          // The answer from the record is lost just like a first answer would be.
          if (fault?.effect === 'after') throw fault.error;
          return result;
        }
      }
      let result: T;
      try {
        result = run();
      } catch (error) {
        if (key !== undefined && BillingError.isInstance(error) && error.outcome === 'failed') {
          idempotency.save(key, operation, frozenInput, { error });
        }
        throw error;
      }
      if (key !== undefined)
        idempotency.save(key, operation, frozenInput, { snapshot: options.snapshot(result) });
      if (fault?.effect === 'after') throw fault.error;
      return result;
    } catch (error) {
      entry.outcome = entry.outcome === 'replayed' ? 'replayed' : 'error';
      if (BillingError.isInstance(error)) entry.errorCode = error.code;
      throw error;
    }
  }

  function voidRecord(
    record: InvoiceRecord,
    consume: boolean,
    request: { reasonCode?: string; comment?: string; recordAsMetadata: boolean },
  ): VoidInvoiceResult {
    const blockers = blockersOf(record);
    if (blockers.length > 0) {
      throw new InvoiceNotVoidableError({
        invoiceId: record.id,
        blockers,
        invoice: toInvoice(record, flavor),
        provider: 'memory',
        status: flavor.name === 'chargebee' ? 409 : 400,
      });
    }
    const owner = customer(record.customerId);
    const dueAtVoid = amountDue(record);
    const applied = appliedTotal(record);
    const warnings: BillingWarning[] = [];
    if (!consume) {
      for (const [bucket, amount] of Object.entries(record.applied) as [CreditBucket, number][]) {
        post(owner, amount, bucket, 'returned_on_void', { invoiceId: record.id });
      }
    }
    record.status = 'void';
    record.voidedAt = now();
    if (flavor.name === 'chargebee') {
      record.voidReasonCode = request.reasonCode ?? null;
      record.voidComment = request.comment ?? null;
    } else if (request.recordAsMetadata) {
      if (request.reasonCode !== undefined) {
        record.metadata.billbridge_void_reason_code = request.reasonCode;
        record.voidReasonCode = request.reasonCode;
      }
      if (request.comment !== undefined) record.metadata.billbridge_void_comment = request.comment;
    } else {
      if (request.reasonCode !== undefined) {
        warnings.push({
          code: 'reason_not_recorded',
          message: 'the void reason code was not recorded (metadata off)',
        });
      }
      if (request.comment !== undefined) {
        warnings.push({
          code: 'comment_not_recorded',
          message: 'the void comment was not recorded (metadata off)',
        });
      }
    }
    let note: CreditNote | null = null;
    if (flavor.name === 'chargebee' && flavor.capabilities.voidInvoice.creditNoteOnVoid && dueAtVoid > 0) {
      const created: CreditNoteRecord = {
        id: newId('creditNote'),
        invoiceId: record.id,
        customerId: record.customerId,
        currency: record.currency,
        kind: 'adjustment',
        status: 'issued',
        total: dueAtVoid,
        creditAmount: 0,
        refundAmount: 0,
        outOfBandAmount: 0,
        reason: null,
        reasonCode: 'Invoice Void',
        memo: null,
        createdAt: now(),
        voidedAt: null,
        createdByVoid: true,
      };
      creditNotes.set(created.id, created);
      // Chargebee lists it on the voided invoice (`adjustment_credit_notes[]`).
      record.adjusted += dueAtVoid;
      note = toCreditNote(created, flavor);
    }
    const invoice = toInvoice(record, flavor);
    return {
      invoice,
      balanceReturned: !consume && applied > 0 ? { amount: applied, currency: record.currency } : null,
      creditNote: note,
      warnings,
      replayed: false,
      raw: invoice.raw,
    };
  }

  function settingsFor(subscription: SubscriptionRecord): boolean {
    return subscription.consumeAppliedBalanceOnVoid ?? flavor.defaultConsumesOnVoid;
  }

  const provider: MemoryProvider = {
    specificationVersion: 'v1',
    provider: 'memory',
    providerOptionsKey: flavor.name,
    // The same namespaces and schemas as the real adapters, so one call site runs on both.
    providerOptionsSchema:
      flavor.name === 'stripe' ? stripeProviderOptionsSchema : chargebeeProviderOptionsSchema,
    capabilities: flavor.capabilities,
    flavor: flavor.name,
    apiVersion,
    clock,
    calls,

    doVoidInvoice(request: ProviderVoidInvoiceRequest, context) {
      return operate(
        'voidInvoice',
        request,
        context,
        () => {
          const record = invoice(request.invoiceId);
          // Stripe before 2019-12-03 consumes unless `consume_applied_balance=false` is sent (which
          // 'return' means); the client never passes 'consume' where the capabilities refuse it.
          const consume = request.appliedBalance === 'consume';
          const recordAsMetadata =
            (request.providerOptions?.recordVoidReasonAsMetadata as boolean | undefined) ?? true;
          return voidRecord(record, consume, {
            ...(request.reasonCode !== undefined ? { reasonCode: request.reasonCode } : {}),
            ...(request.comment !== undefined ? { comment: request.comment } : {}),
            recordAsMetadata,
          });
        },
        voidResultReplay,
      );
    },

    doGetInvoice(invoiceId, context) {
      return operate('getInvoice', { invoiceId }, context, () => toInvoice(invoice(invoiceId), flavor));
    },

    doCheckVoidable(invoiceId, context) {
      return operate('checkVoidable', { invoiceId }, context, () => {
        const record = invoice(invoiceId);
        return { invoice: toInvoice(record, flavor), blockers: blockersOf(record) };
      });
    },

    doCreateCreditNote(request: ProviderCreateCreditNoteRequest, context) {
      return operate('createCreditNote', request, context, () => {
        const record = invoice(request.invoiceId);
        if (record.status === 'draft' || record.status === 'void') {
          throw refused(`credit notes need a finalized invoice; ${record.id} is ${record.status}`);
        }
        let parts = {
          creditAmount: request.creditAmount ?? 0,
          refundAmount: request.refundAmount ?? 0,
          outOfBandAmount: request.outOfBandAmount ?? 0,
        };
        let kind: CreditNoteRecord['kind'];
        let total: number;
        let prePayment: number;
        if (flavor.name === 'stripe') {
          const split = splitStripeCreditNote(record, request);
          if (typeof split === 'string') throw refused(split);
          ({ total, prePayment, kind } = split);
          parts = {
            creditAmount: split.creditAmount,
            refundAmount: split.refundAmount,
            outOfBandAmount: split.outOfBandAmount,
          };
        } else {
          ({ total, kind, parts } = chargebeeCreditNote(record, request, parts, flavor));
          prePayment = kind === 'adjustment' ? total : 0;
        }
        const created: CreditNoteRecord = {
          id: newId('creditNote'),
          invoiceId: record.id,
          customerId: record.customerId,
          currency: record.currency,
          kind,
          status: 'issued',
          total,
          ...parts,
          reason: request.reason ?? null,
          reasonCode: request.reasonCode ?? null,
          memo: request.memo ?? null,
          createdAt: now(),
          voidedAt: null,
          createdByVoid: false,
        };
        creditNotes.set(created.id, created);
        record.adjusted += prePayment;
        record.credited += total - prePayment;
        record.refunded += parts.refundAmount;
        if (prePayment > 0 && amountDue(record) === 0) {
          record.status = 'paid';
          record.paidAt = now();
        }
        const bucket: CreditBucket = flavor.name === 'stripe' ? 'promotional' : 'refundable';
        post(customer(record.customerId), parts.creditAmount, bucket, 'credit_note', {
          invoiceId: record.id,
          creditNoteId: created.id,
        });
        return toCreditNote(created, flavor);
      });
    },

    doGetCreditNote(creditNoteId, context) {
      return operate('getCreditNote', { creditNoteId }, context, () =>
        toCreditNote(creditNote(creditNoteId), flavor),
      );
    },

    doListCreditNotes({ invoiceId }, context) {
      return operate('listCreditNotes', { invoiceId }, context, () => {
        invoice(invoiceId);
        return [...creditNotes.values()]
          .filter((note) => note.invoiceId === invoiceId)
          .map((note) => toCreditNote(note, flavor));
      });
    },

    doVoidCreditNote(creditNoteId, request, context) {
      return operate('voidCreditNote', { creditNoteId, ...request }, context, () => {
        const note = creditNote(creditNoteId);
        if (note.status === 'void') throw refused(`credit note ${note.id} is already void`);
        if (note.refundAmount > 0)
          throw refused(`credit note ${note.id} refunded money and cannot be voided`);
        const record = invoice(note.invoiceId);
        if (record.status === 'void')
          throw refused(`invoice ${record.id} is void; its credit notes stay as they are`);
        const owner = customer(note.customerId);
        if (note.creditAmount > 0) {
          const bucket: CreditBucket = flavor.name === 'stripe' ? 'promotional' : 'refundable';
          if (bucketBalance(owner, bucket) < note.creditAmount) {
            throw refused(`the customer has already used the ${note.creditAmount} this credit note gave`);
          }
          post(owner, -note.creditAmount, bucket, 'credit_note_voided', {
            invoiceId: record.id,
            creditNoteId: note.id,
          });
        }
        // What lowered the amount due (pre-payment) and what was settled after payment.
        const settled = note.creditAmount + note.refundAmount + note.outOfBandAmount;
        record.credited -= settled;
        record.adjusted -= note.total - settled;
        if (
          record.status === 'paid' &&
          record.amountPaid + appliedTotal(record) + record.adjusted < record.total
        ) {
          record.status = 'open';
          record.paidAt = null;
        }
        note.status = 'void';
        note.voidedAt = now();
        return toCreditNote(note, flavor);
      });
    },

    doGetCustomerBalance(customerId, request, context) {
      return operate('getCustomerBalance', { customerId, ...request }, context, () => {
        const owner = customer(customerId);
        return toCustomerBalance(owner, request.currency ?? owner.currency, flavor);
      });
    },

    doSetSubscriptionBalanceSettings(subscriptionId, request, context) {
      return operate('setSubscriptionBalanceSettings', { subscriptionId, ...request }, context, () => {
        const subscription = subscriptions.get(subscriptionId);
        if (!subscription) {
          throw new NotFoundError({
            message: `no such subscription: ${subscriptionId}`,
            provider: 'memory',
            status: 404,
          });
        }
        const native = !flavor.defaultConsumesOnVoid && !request.consumeAppliedBalanceOnVoid;
        if (!native) subscription.consumeAppliedBalanceOnVoid = request.consumeAppliedBalanceOnVoid;
        const result: SubscriptionBalanceSettings = {
          subscriptionId,
          consumeAppliedBalanceOnVoid: settingsFor(subscription),
          appliedBy: native ? 'native' : 'stored',
          raw: snapshotPlain(subscription),
        };
        return result;
      });
    },

    createCustomer(input) {
      const parsed = parseInput(createCustomerSchema, input, { context: 'createCustomer' });
      const id = parsed.id ?? newId('customer');
      if (customers.has(id)) throw refused(`customer ${id} already exists`);
      const record: CustomerRecord = {
        id,
        currency: parsed.currency,
        ledger: [],
        balances: { promotional: 0, refundable: 0, excess: 0 },
        createdAt: now(),
      };
      customers.set(id, record);
      post(record, parsed.credit ?? 0, 'promotional', 'seeded');
      return toCustomerBalance(record, record.currency, flavor);
    },

    createSubscription(input) {
      const parsed = parseInput(createSubscriptionSchema, input, { context: 'createSubscription' });
      customer(parsed.customerId);
      const id = parsed.id ?? newId('subscription');
      if (subscriptions.has(id)) throw refused(`subscription ${id} already exists`);
      subscriptions.set(id, {
        id,
        customerId: parsed.customerId,
        consumeAppliedBalanceOnVoid: undefined,
        createdAt: now(),
      });
      return { id, customerId: parsed.customerId };
    },

    createInvoice(input) {
      const parsed = parseInput(createInvoiceSchema, input, { context: 'createInvoice' });
      const owner = customer(parsed.customerId);
      if (parsed.subscriptionId !== undefined) {
        const subscription = subscriptions.get(parsed.subscriptionId);
        if (!subscription || subscription.customerId !== owner.id) {
          throw refused(`subscription ${parsed.subscriptionId} does not belong to customer ${owner.id}`);
        }
      }
      const id = parsed.id ?? newId('invoice');
      if (invoices.has(id)) throw refused(`invoice ${id} already exists`);
      const lines = parsed.lines.map((line) => ({
        amount: line.amount,
        description: line.description ?? null,
      }));
      const total = lines.reduce((sum, line) => sum + line.amount, 0);
      if (!Number.isSafeInteger(total)) throw refused('invoice total is not a safe integer');
      const record: InvoiceRecord = {
        id,
        customerId: owner.id,
        subscriptionId: parsed.subscriptionId ?? null,
        currency: parsed.currency ?? owner.currency,
        lines,
        total,
        status: 'draft',
        applied: {},
        amountPaid: 0,
        adjusted: 0,
        credited: 0,
        refunded: 0,
        voidReasonCode: null,
        voidComment: null,
        metadata: {},
        createdAt: now(),
        finalizedAt: null,
        paidAt: null,
        voidedAt: null,
      };
      invoices.set(id, record);
      return toInvoice(record, flavor);
    },

    finalizeInvoice(invoiceId) {
      const record = invoice(parseInput(providerIdSchema, invoiceId, { prefix: 'invoiceId' }));
      if (record.status !== 'draft') throw refused(`invoice ${record.id} is ${record.status}, not draft`);
      const owner = customer(record.customerId);
      if (record.currency === owner.currency) {
        let remaining = record.total;
        // Chargebee spends promotional credits before refundable ones and excess payments.
        for (const bucket of ['promotional', 'refundable', 'excess'] as const) {
          const use = Math.min(Math.max(0, bucketBalance(owner, bucket)), remaining);
          if (use > 0) {
            record.applied[bucket] = use;
            post(owner, -use, bucket, 'applied_to_invoice', { invoiceId: record.id });
            remaining -= use;
          }
        }
      }
      record.status = 'open';
      record.finalizedAt = now();
      if (amountDue(record) === 0) {
        record.status = 'paid';
        record.paidAt = now();
      }
      return toInvoice(record, flavor);
    },

    payInvoice(invoiceId, options = {}) {
      const record = invoice(parseInput(providerIdSchema, invoiceId, { prefix: 'invoiceId' }));
      if (record.status !== 'open' && record.status !== 'uncollectible') {
        throw refused(
          `invoice ${record.id} is ${record.status}; only open or uncollectible invoices can be paid`,
        );
      }
      const due = amountDue(record);
      const amount = options.amount ?? due;
      if (!Number.isSafeInteger(amount) || amount <= 0 || amount > due) {
        throw refused(`payment of ${amount} must be an integer between 1 and the ${due} due`);
      }
      record.amountPaid += amount;
      if (amount === due) {
        record.status = 'paid';
        record.paidAt = now();
      }
      return toInvoice(record, flavor);
    },

    markUncollectible(invoiceId) {
      const record = invoice(parseInput(providerIdSchema, invoiceId, { prefix: 'invoiceId' }));
      if (record.status !== 'open') throw refused(`invoice ${record.id} is ${record.status}, not open`);
      record.status = 'uncollectible';
      return toInvoice(record, flavor);
    },

    voidInvoiceForSubscription(invoiceId) {
      const record = invoice(parseInput(providerIdSchema, invoiceId, { prefix: 'invoiceId' }));
      const subscription = record.subscriptionId ? subscriptions.get(record.subscriptionId) : undefined;
      if (!subscription) throw refused(`invoice ${record.id} does not belong to a subscription`);
      return voidRecord(record, settingsFor(subscription), { recordAsMetadata: false });
    },

    ledger(customerId) {
      return clonePlain(customer(customerId).ledger);
    },

    failNext(operation, error, options) {
      faults.add(operation, error, options);
    },

    reset() {
      customers.clear();
      subscriptions.clear();
      invoices.clear();
      creditNotes.clear();
      idempotency.clear();
      faults.clear();
      calls.length = 0;
      ids.reset();
      ledgerCounter = 0;
      numbered.clear();
    },
  };
  return provider;
}

/** How `operate` keeps a result for idempotent replays and rebuilds it. */
interface ReplayOptions<T> {
  /** What the idempotency record keeps: nothing the caller or the provider's state can change later. */
  snapshot: (result: T) => unknown;
  /** A fresh result from the snapshot, for a replay. */
  restore: (snapshot: unknown) => T;
}

/** The default: a deep copy kept, a deep copy handed out on each replay (frozen parts shared). */
const copyOnReplay: ReplayOptions<unknown> = { snapshot: clonePlain, restore: clonePlain };

interface VoidResultSnapshot {
  invoiceRaw: InvoiceRecord;
  balanceReturned: number | null;
  creditNoteRaw: CreditNoteRecord | null;
  warnings: readonly BillingWarning[];
}

const noWarnings: readonly BillingWarning[] = Object.freeze([]);
