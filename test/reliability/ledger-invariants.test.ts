import {
  type BillingClient,
  type CreditNote,
  createBillingClient,
  type Invoice,
  isBillingError,
  type VoidInvoiceResult,
} from '@billbridge/core';
import { createMemoryProvider, type MemoryProvider, type MemoryProviderSettings } from '@billbridge/memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Runs per flavor; each run is a sequence of up to 30 operations. */
const RUNS = Number(process.env.BILLBRIDGE_LEDGER_RUNS ?? 250);

const flavors: { name: string; settings: MemoryProviderSettings }[] = [
  { name: 'stripe (current API: voids return the balance)', settings: { flavor: 'stripe' } },
  {
    name: 'stripe 2019-11-05 (return and consume)',
    settings: { flavor: 'stripe', apiVersion: '2019-11-05' },
  },
  { name: 'chargebee', settings: { flavor: 'chargebee' } },
  {
    name: 'chargebee, void creates a credit note',
    settings: { flavor: 'chargebee', voidCreatesCreditNote: true },
  },
];

type Op =
  | { kind: 'create'; amounts: number[]; finalize: boolean }
  | { kind: 'finalize'; invoice: number }
  | { kind: 'pay'; invoice: number; part: number }
  | { kind: 'void'; invoice: number; consume: boolean; keyed: boolean }
  | { kind: 'creditNote'; invoice: number; part: number; settle: 'default' | 'credit' }
  | { kind: 'voidCreditNote'; note: number }
  | { kind: 'replay' };

/** Weighted toward the paths that move money: finalized invoices, voids and replays. */
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      amounts: fc.array(fc.integer({ min: 1, max: 4_000 }), { minLength: 1, maxLength: 3 }),
      finalize: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('finalize' as const), invoice: fc.nat(3) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      invoice: fc.nat(3),
      part: fc.double({ min: 0.1, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('void' as const),
      invoice: fc.nat(3),
      consume: fc.boolean(),
      keyed: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('creditNote' as const),
      invoice: fc.nat(3),
      part: fc.double({ min: 0.1, max: 1, noNaN: true }),
      settle: fc.constantFrom('default' as const, 'credit' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('voidCreditNote' as const), note: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'replay' as const }) },
);

interface World {
  memory: MemoryProvider;
  billing: BillingClient;
  customerId: string;
  invoices: string[];
  notes: string[];
  /** The last keyed client call, to replay with the same key. */
  lastKeyed?: { call: () => Promise<unknown>; result: unknown };
  keyCounter: number;
}

/** How often the interesting paths ran, so a run that never reached them fails. */
const coverage = { returnedVoids: 0, consumedVoids: 0, replays: 0, creditNotes: 0 };

const sum = (entries: readonly { amount: number }[]) =>
  entries.reduce((total, entry) => total + entry.amount, 0);

/** Everything the provider holds for the customer, to compare before and after a replay. */
async function snapshot(world: World): Promise<string> {
  const invoices = await Promise.all(world.invoices.map((id) => world.billing.getInvoice(id)));
  const notes = await Promise.all(world.notes.map((id) => world.billing.getCreditNote(id)));
  const strip = (value: Invoice | CreditNote) => ({ ...value, raw: undefined });
  return JSON.stringify({
    ledger: world.memory.ledger(world.customerId),
    invoices: invoices.map(strip),
    notes: notes.map(strip),
  });
}

/**
 * The invariants, each checked as a plain condition and named when broken, then asserted once:
 * `expect()` is costly next to the checks (a property run makes thousands of them), and one list
 * of what broke says more than the first failed matcher.
 */
async function checkInvariants(world: World) {
  const ledger = world.memory.ledger(world.customerId);
  const balance = await world.billing.getCustomerBalance(world.customerId);
  const broken: string[] = [];
  const check = (holds: boolean, what: () => string) => {
    if (!holds) broken.push(what());
  };
  // The customer's credit is the sum of its ledger, always.
  check(
    balance.credit === sum(ledger),
    () => `credit ${balance.credit} is not the ledger's sum ${sum(ledger)}`,
  );
  check(balance.credit >= 0, () => `credit ${balance.credit} is negative`);
  // No credit bucket is overdrawn.
  for (const bucket of new Set(ledger.map((entry) => entry.bucket))) {
    const left = sum(ledger.filter((entry) => entry.bucket === bucket));
    check(left >= 0, () => `bucket ${bucket} overdrawn: ${left}`);
  }
  for (const entry of ledger)
    check(Number.isSafeInteger(entry.amount), () => `ledger amount ${entry.amount}`);
  for (const id of world.invoices) {
    const invoice = await world.billing.getInvoice(id);
    const total = invoice.total.amount;
    const applied = invoice.appliedBalance?.amount ?? 0;
    check(invoice.amountDue.amount >= 0, () => `${id}: amountDue ${invoice.amountDue.amount}`);
    check(invoice.amountPaid.amount >= 0, () => `${id}: amountPaid ${invoice.amountPaid.amount}`);
    check(invoice.amountCredited.amount >= 0, () => `${id}: amountCredited ${invoice.amountCredited.amount}`);
    check(
      invoice.amountCredited.amount <= total,
      () => `${id}: credited ${invoice.amountCredited.amount} > total ${total}`,
    );
    check(applied <= total, () => `${id}: applied ${applied} > total ${total}`);
    if (invoice.status === 'void' || invoice.status === 'paid')
      check(
        invoice.amountDue.amount === 0,
        () => `${id}: ${invoice.status} with amountDue ${invoice.amountDue.amount}`,
      );
    // What was applied to an invoice left the ledger exactly once.
    const appliedEntries = ledger.filter(
      (entry) => entry.invoiceId === id && entry.reason === 'applied_to_invoice',
    );
    check(
      0 - sum(appliedEntries) === applied,
      () => `${id}: ledger took ${0 - sum(appliedEntries)}, applied ${applied}`,
    );
    // …and came back at most once.
    const returned = ledger.filter((entry) => entry.invoiceId === id && entry.reason === 'returned_on_void');
    check(sum(returned) <= applied, () => `${id}: ${sum(returned)} returned of ${applied} applied`);
    if (invoice.status !== 'void')
      check(returned.length === 0, () => `${id}: returned while ${invoice.status}`);
  }
  expect(broken, 'ledger invariants').toEqual([]);
}

/** Runs a client call; refusals (BillingErrors) are expected, anything else is a bug. */
async function attempt<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (!isBillingError(error) || error.code === 'validation_failed') throw error;
    return undefined;
  }
}

function seedAttempt(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (!isBillingError(error)) throw error;
  }
}

function nextKey(world: World): number {
  world.keyCounter += 1;
  return world.keyCounter;
}

async function step(world: World, next: Op) {
  // Recent records first: index 0 is the newest.
  const pick = <T>(list: T[], index: number) =>
    list.length ? list[list.length - 1 - (index % list.length)] : undefined;
  switch (next.kind) {
    case 'create': {
      const invoice = world.memory.createInvoice({
        customerId: world.customerId,
        lines: next.amounts.map((amount) => ({ amount })),
      });
      world.invoices.push(invoice.id);
      if (next.finalize) world.memory.finalizeInvoice(invoice.id);
      return;
    }
    case 'finalize': {
      const id = pick(world.invoices, next.invoice);
      if (id) seedAttempt(() => world.memory.finalizeInvoice(id));
      return;
    }
    case 'pay': {
      const id = pick(world.invoices, next.invoice);
      if (!id) return;
      const invoice = await world.billing.getInvoice(id);
      const amount = Math.max(1, Math.floor(invoice.amountDue.amount * next.part));
      seedAttempt(() => world.memory.payInvoice(id, { amount }));
      return;
    }
    case 'void': {
      const id = pick(world.invoices, next.invoice);
      if (!id) return;
      const before = await world.billing.getInvoice(id);
      const creditBefore = sum(world.memory.ledger(world.customerId));
      const appliedBalance =
        next.consume && world.billing.capabilities.voidInvoice.appliedBalance.includes('consume')
          ? 'consume'
          : 'return';
      const idempotencyKey = next.keyed ? `void-${nextKey(world)}` : undefined;
      const call = () =>
        world.billing.voidInvoice(id, { appliedBalance, ...(idempotencyKey ? { idempotencyKey } : {}) });
      const result = await attempt(call);
      const creditAfter = sum(world.memory.ledger(world.customerId));
      if (!result) {
        expect(creditAfter).toBe(creditBefore);
        return;
      }
      if (idempotencyKey) world.lastKeyed = { call, result };
      if (result.creditNote) world.notes.push(result.creditNote.id);
      const applied = before.appliedBalance?.amount ?? 0;
      if (appliedBalance === 'return') {
        // A 'return' void gives back exactly what was applied: no more, no less.
        expect(result.balanceReturned?.amount ?? 0).toBe(applied);
        expect(creditAfter - creditBefore).toBe(applied);
        if (applied > 0) coverage.returnedVoids += 1;
      } else {
        expect(result.balanceReturned).toBeNull();
        expect(creditAfter).toBe(creditBefore);
        coverage.consumedVoids += 1;
      }
      return;
    }
    case 'creditNote': {
      const id = pick(world.invoices, next.invoice);
      if (!id) return;
      const invoice = await world.billing.getInvoice(id);
      const left = invoice.total.amount - invoice.amountCredited.amount;
      const amount = Math.max(1, Math.floor(left * next.part));
      const idempotencyKey = `cn-${nextKey(world)}`;
      const input =
        invoice.status === 'paid' && next.settle === 'credit'
          ? { invoiceId: id, amount, creditAmount: amount, idempotencyKey }
          : { invoiceId: id, amount, idempotencyKey };
      const creditBefore = sum(world.memory.ledger(world.customerId));
      const call = () => world.billing.createCreditNote(input);
      const note = await attempt(call);
      if (!note) return;
      world.notes.push(note.id);
      world.lastKeyed = { call, result: note };
      coverage.creditNotes += 1;
      const creditAfter = sum(world.memory.ledger(world.customerId));
      // A credit note moves the customer's credit by exactly its credit part (a post-payment note
      // without parts is credited to the balance, as Stripe does); an adjustment moves nothing.
      expect(creditAfter - creditBefore).toBe(note.creditAmount);
      if (invoice.status !== 'paid') expect(note.creditAmount).toBe(0);
      if ('creditAmount' in input) expect(note.creditAmount).toBe(amount);
      return;
    }
    case 'voidCreditNote': {
      const id = pick(world.notes, next.note);
      if (!id) return;
      const idempotencyKey = `vcn-${nextKey(world)}`;
      const call = () => world.billing.voidCreditNote(id, { idempotencyKey });
      const note = await attempt(call);
      if (note) world.lastKeyed = { call, result: note };
      return;
    }
    case 'replay': {
      const last = world.lastKeyed;
      if (!last) return;
      // An idempotent replay changes nothing and answers the same.
      const before = await snapshot(world);
      const again = await last.call();
      expect(await snapshot(world)).toBe(before);
      const strip = (value: unknown) =>
        JSON.stringify({ ...(value as object), raw: undefined, replayed: undefined });
      expect(strip(again)).toBe(strip(last.result));
      if ((again as VoidInvoiceResult).invoice) expect((again as VoidInvoiceResult).replayed).toBe(true);
      coverage.replays += 1;
      return;
    }
  }
}

describe('ledger invariants on the memory provider (property-based operation sequences)', () => {
  for (const flavor of flavors) {
    it(`${flavor.name}: credit = sum of ledger after every step; return gives back exactly what was applied; replays change nothing`, async () => {
      let sequences = 0;
      let steps = 0;
      const start = { ...coverage };
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 6_000 }),
          fc.array(op, { minLength: 1, maxLength: 30 }),
          async (credit, ops) => {
            const memory = createMemoryProvider(flavor.settings);
            const customer = memory.createCustomer({ currency: 'usd', credit });
            const world: World = {
              memory,
              billing: createBillingClient({ provider: memory, retry: { maxAttempts: 1 } }),
              customerId: customer.customerId,
              invoices: [],
              notes: [],
              keyCounter: 0,
            };
            sequences += 1;
            await checkInvariants(world);
            for (const next of ops) {
              await step(world, next);
              steps += 1;
              await checkInvariants(world);
            }
          },
        ),
        { numRuns: RUNS },
      );
      expect(sequences).toBeGreaterThanOrEqual(RUNS);
      const ran = Object.fromEntries(
        Object.entries(coverage).map(([name, count]) => [name, count - start[name as keyof typeof coverage]]),
      );
      expect(ran.returnedVoids).toBeGreaterThan(0);
      expect(ran.replays).toBeGreaterThan(0);
      expect(ran.creditNotes).toBeGreaterThan(0);
      if (flavor.settings.apiVersion === '2019-11-05') expect(ran.consumedVoids).toBeGreaterThan(0);
      console.log(
        `ledger invariants (${flavor.name}): ${sequences} sequences, ${steps} steps checked, ${JSON.stringify(ran)}`,
      );
    });
  }
});

describe('concurrent voids of one invoice', () => {
  for (const flavor of flavors) {
    it(`${flavor.name}: Promise.all of five voids (no key, and five different keys): exactly one succeeds, credit returned once`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 5_000 }),
          fc.integer({ min: 2, max: 6 }),
          fc.boolean(),
          async (credit, count, keyed) => {
            const memory = createMemoryProvider(flavor.settings);
            const customer = memory.createCustomer({ currency: 'usd', credit });
            const invoice = memory.createInvoice({
              customerId: customer.customerId,
              lines: [{ amount: 6_000 }],
            });
            memory.finalizeInvoice(invoice.id);
            const billing = createBillingClient({ provider: memory });
            const settled = await Promise.allSettled(
              Array.from({ length: count }, (_, index) =>
                billing.voidInvoice(invoice.id, keyed ? { idempotencyKey: `concurrent-${index}` } : {}),
              ),
            );
            const ok = settled.filter((entry) => entry.status === 'fulfilled');
            expect(ok).toHaveLength(1);
            for (const entry of settled) {
              if (entry.status === 'rejected') {
                expect((entry.reason as { code?: string }).code).toBe('invoice_not_voidable');
                expect((entry.reason as { blockers?: string[] }).blockers).toEqual(['already_void']);
              }
            }
            const ledger = memory.ledger(customer.customerId);
            expect(ledger.filter((entry) => entry.reason === 'returned_on_void')).toHaveLength(1);
            expect(sum(ledger)).toBe(credit);
          },
        ),
        { numRuns: 30 },
      );
    });
  }

  it('the same key used concurrently: one void, the others replay it', async () => {
    const memory = createMemoryProvider({ flavor: 'stripe' });
    const customer = memory.createCustomer({ currency: 'usd', credit: 300 });
    const invoice = memory.createInvoice({ customerId: customer.customerId, lines: [{ amount: 1_000 }] });
    memory.finalizeInvoice(invoice.id);
    const billing = createBillingClient({ provider: memory });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => billing.voidInvoice(invoice.id, { idempotencyKey: 'one-key' })),
    );
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(results.every((result) => result.balanceReturned?.amount === 300)).toBe(true);
    expect(
      memory.ledger(customer.customerId).filter((entry) => entry.reason === 'returned_on_void'),
    ).toHaveLength(1);
  });
});
