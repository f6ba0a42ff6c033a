import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BinAndEmulator, invoiceListFile, ndjson, startBinAndEmulator } from './support/bin-output.js';
import {
  type ChargebeeSeededInvoice,
  type ChargebeeSeedSpec,
  seedChargebeeInvoices,
} from './support/seed-emulator-chargebee.js';
import { runBillbridge } from './support/spawn-billbridge.js';

/**
 * `bulk-void --provider chargebee` through the real bin (spawned with `node`) against the emulator
 * over real HTTP with chargebee-node and the adapter: the dry-run plan of a seeded mix is exact per
 * invoice and in its totals (voidable, blocked by which blocker, balance to return per currency,
 * the credit notes a site with "Void invoices with credit note" makes), it only reads, and the
 * real run on the same mix then does what the plan said, as the emulator's request log and state
 * show. Twice: a site without and a site with the credit-note setting.
 */
let the: BinAndEmulator;
beforeAll(async () => {
  the = await startBinAndEmulator('billbridge-cli-chargebee-');
}, 60_000);
afterAll(() => the?.close());

/**
 * 27 invoices: 15 open (payment_due): 10 USD, 6 of them with promotional credits applied, and 5
 * EUR, 3 with credits; 3 paid (one had credits), 2 voided, 2 pending, and Chargebee's own blockers: 2 with a
 * part payment recorded, 2 with an adjustment credit note, 1 with both.
 */
function chargebeeMix(): ChargebeeSeedSpec[] {
  const specs: ChargebeeSeedSpec[] = [];
  const add = (count: number, spec: Omit<ChargebeeSeedSpec, 'total'>, credits?: (i: number) => number) => {
    for (let i = 0; i < count; i++) {
      const total = 2_000 + specs.length * 113;
      specs.push({ ...spec, total, ...(credits ? { credits: credits(i) } : {}) });
    }
  };
  add(6, { kind: 'open', currency: 'USD' }, (i) => 150 + i * 37);
  add(4, { kind: 'open', currency: 'USD' });
  add(3, { kind: 'open', currency: 'EUR' }, (i) => 500 + i * 11);
  add(2, { kind: 'open', currency: 'EUR' });
  add(2, { kind: 'paid', currency: 'USD' });
  add(1, { kind: 'paid', currency: 'EUR' }, () => 300);
  add(1, { kind: 'voided', currency: 'USD' });
  add(1, { kind: 'voided', currency: 'EUR' }, () => 250);
  add(2, { kind: 'pending', currency: 'USD' });
  add(2, { kind: 'part_paid', currency: 'USD' });
  add(2, { kind: 'adjusted', currency: 'EUR' }, () => 100);
  add(1, { kind: 'part_paid_adjusted', currency: 'USD' });
  return specs;
}

const blockersOf: Record<ChargebeeSeedSpec['kind'], string[]> = {
  open: [],
  paid: ['paid'],
  voided: ['already_void'],
  pending: ['draft'],
  part_paid: ['has_payments'],
  adjusted: ['has_adjustments'],
  part_paid_adjusted: ['has_payments', 'has_adjustments'],
};

const money = (amount: number, currency: string) => ({ amount, currency: currency.toLowerCase() });

/** Sums per currency, sorted by code, as the summary lists them. */
function perCurrency(
  invoices: readonly ChargebeeSeededInvoice[],
  amount: (one: ChargebeeSeededInvoice) => number,
) {
  const sums = new Map<string, number>();
  for (const invoice of invoices) {
    const value = amount(invoice);
    if (value > 0) sums.set(invoice.currency, (sums.get(invoice.currency) ?? 0) + value);
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, sum]) => money(sum, code));
}

type SiteState = {
  customers: { id: string; balances: { promotional: number } }[];
  invoices: { id: string; status: string }[];
  creditNotes: { id: string; invoiceId: string; kind: string; total: number; createdByVoid: boolean }[];
};

describe('bulk-void --provider chargebee against the emulator, through the real bin', () => {
  for (const voidCreatesCreditNote of [false, true]) {
    it(`the dry-run plan of a seeded mix is exact, and the real run does what it said (voidCreatesCreditNote: ${voidCreatesCreditNote})`, async () => {
      const site = voidCreatesCreditNote ? 'cb-plan-notes' : 'cb-plan-plain';
      const key = voidCreatesCreditNote ? 'test_cbPlanNotes0123' : 'test_cbPlanPlain0123';
      await the.control.chargebeeSite(site, key, { voidCreatesCreditNote });
      const seeded = await seedChargebeeInvoices(the.seeding.chargebee, key, chargebeeMix());
      const input = await invoiceListFile(the.dir, `${site}.csv`, seeded);
      const voidable = seeded.filter((invoice) => invoice.kind === 'open');
      expect(voidable).toHaveLength(15);
      expect(voidable.every((invoice) => invoice.amountDue === invoice.total - (invoice.credits ?? 0))).toBe(
        true,
      );
      // The site and key from the environment as createBillingClient() reads them; the base URL
      // by flag on one site and by variable on the other.
      const env = {
        BILLBRIDGE_PROVIDER: 'chargebee',
        CHARGEBEE_SITE: site,
        CHARGEBEE_API_KEY: key,
        CHARGEBEE_VOID_CREATES_CREDIT_NOTE: String(voidCreatesCreditNote),
        ...(voidCreatesCreditNote ? { BILLBRIDGE_CHARGEBEE_API_BASE: the.emulator.url } : {}),
      };
      const apiBase = voidCreatesCreditNote ? [] : ['--api-base', the.emulator.url];
      await the.control.clearRequests();

      const plan = await runBillbridge(
        the.bin,
        ['bulk-void', '--input', input, '--dry-run', '--json', '--rate', '400', ...apiBase],
        { env },
      );
      expect(plan.code, plan.stderr).toBe(0);
      const planRecords = ndjson(plan.stdout);
      const balanceToReturn = perCurrency(voidable, (invoice) => invoice.applied);
      expect(balanceToReturn.map((entry) => entry.currency)).toEqual(['eur', 'usd']);
      const planSummary = planRecords.at(-1)!;
      expect(planSummary).toEqual({
        type: 'summary',
        total: 27,
        voided: 0,
        refused: 12,
        failed: 0,
        voidable: 15,
        blocked: { paid: 3, already_void: 2, draft: 2, has_payments: 3, has_adjustments: 3 },
        balanceReturned: balanceToReturn,
        ...(voidCreatesCreditNote
          ? {
              creditNotes: {
                count: 15,
                total: perCurrency(voidable, (invoice) => invoice.amountDue),
              },
            }
          : {}),
      });
      const planned = new Map(planRecords.slice(0, -1).map((record) => [record.invoiceId, record]));
      expect(planned.size).toBe(27);
      for (const invoice of seeded) {
        const blockers = blockersOf[invoice.kind];
        expect(planned.get(invoice.id), `${invoice.kind} ${invoice.id}`).toEqual(
          blockers.length > 0
            ? { type: 'invoice', invoiceId: invoice.id, status: 'refused', blockers }
            : {
                type: 'invoice',
                invoiceId: invoice.id,
                status: 'voidable',
                balanceReturned: invoice.applied > 0 ? money(invoice.applied, invoice.currency) : null,
                creditNote: voidCreatesCreditNote
                  ? { id: null, total: money(invoice.amountDue, invoice.currency) }
                  : null,
              },
        );
      }
      // The plan read and changed nothing: GETs only, one per invoice, all to this site.
      const sentByPlan = await the.control.requests('?provider=chargebee');
      expect(sentByPlan.map((request) => request.method)).toEqual(Array(27).fill('GET'));
      expect(new Set(sentByPlan.map((request) => request.account))).toEqual(new Set([site]));

      // The real run on the same mix.
      await the.control.clearRequests();
      const journal = join(the.dir, `${site}.journal.jsonl`);
      const run = await runBillbridge(
        the.bin,
        [
          'bulk-void',
          '--input',
          input,
          '--journal',
          journal,
          '--json',
          '--rate',
          '400',
          '--concurrency',
          '8',
          ...apiBase,
        ],
        { env },
      );
      expect(run.code, run.stderr).toBe(1); // 12 refused: exit 1, as DESIGN §15
      const runRecords = ndjson(run.stdout);
      const runSummary = runRecords.at(-1)!;
      expect(runSummary).toMatchObject({
        total: 27,
        voided: 15,
        refused: 12,
        failed: 0,
        pending: 0,
        blocked: planSummary.blocked,
      });
      expect(runSummary.balanceReturned).toEqual(planSummary.balanceReturned);
      expect(runSummary.creditNotes).toEqual(planSummary.creditNotes);
      const outcomes = new Map(runRecords.slice(0, -1).map((record) => [record.invoiceId, record]));
      for (const invoice of seeded) {
        const expected = planned.get(invoice.id)!;
        const outcome = outcomes.get(invoice.id)!;
        if (expected.status === 'refused') {
          expect(outcome, invoice.id).toMatchObject({ status: 'refused', blockers: expected.blockers });
          continue;
        }
        expect(outcome, invoice.id).toMatchObject({
          status: 'voided',
          balanceReturned: expected.balanceReturned,
        });
        const note = outcome.creditNote as { id: string; total: unknown } | null;
        const plannedNote = expected.creditNote as { total: unknown } | null;
        expect(note?.total ?? null, invoice.id).toEqual(plannedNote?.total ?? null);
        if (note) expect(note.id, invoice.id).toMatch(/\S/);
      }

      // The emulator's word: one successful void per voidable invoice, none for the others…
      const posts = (await the.control.requests('?provider=chargebee&method=POST')).filter((request) =>
        request.path.endsWith('/void'),
      );
      const successful = posts
        .filter((request) => request.status === 200)
        .map((request) => request.path.split('/')[4]);
      expect(successful.sort()).toEqual(voidable.map((invoice) => invoice.id).sort());
      expect(
        posts.filter((request) => request.status !== 200).every((request) => request.status === 409),
      ).toBe(true);
      // …each voidable invoice void with its customer's credits back, the others as seeded, and
      // exactly the credit notes the plan expected.
      const state = await the.control.state<SiteState>('chargebee', site);
      const statusOf = new Map(state.invoices.map((invoice) => [invoice.id, invoice.status]));
      const creditsOf = new Map(
        state.customers.map((customer) => [customer.id, customer.balances.promotional]),
      );
      for (const invoice of voidable) {
        expect(statusOf.get(invoice.id), invoice.id).toBe('void');
        expect(creditsOf.get(invoice.customerId), invoice.id).toBe(invoice.applied);
      }
      const voidNotes = state.creditNotes.filter((note) =>
        voidable.some((invoice) => invoice.id === note.invoiceId),
      );
      expect(
        voidNotes.map((note) => [note.invoiceId, note.total, note.kind, note.createdByVoid]).sort(),
      ).toEqual(
        voidCreatesCreditNote
          ? voidable.map((invoice) => [invoice.id, invoice.amountDue, 'adjustment', true]).sort()
          : [],
      );
      const journaled = (await readFile(journal, 'utf8')).match(/"type":"outcome"/g) ?? [];
      expect(journaled).toHaveLength(27);
      console.info(
        `chargebee plan (${site}): 27 invoices, 15 voidable, blocked ${JSON.stringify(planSummary.blocked)}, ` +
          `balance to return ${JSON.stringify(planSummary.balanceReturned)}, credit notes ${JSON.stringify(planSummary.creditNotes ?? null)}; ` +
          `the run returned ${JSON.stringify(runSummary.balanceReturned)}, ${successful.length} successful voids`,
      );
    }, 90_000);
  }

  it('a site that voids with a credit note while CHARGEBEE_VOID_CREATES_CREDIT_NOTE is off: the plan expects none, the run counts them and says so once', async () => {
    const site = 'cb-plan-mismatch';
    const key = 'test_cbPlanMismatch0123';
    await the.control.chargebeeSite(site, key, { voidCreatesCreditNote: true });
    const seeded = await seedChargebeeInvoices(the.seeding.chargebee, key, [
      { kind: 'open', total: 3_000, currency: 'USD', credits: 400 },
      { kind: 'open', total: 2_500, currency: 'USD' },
      { kind: 'open', total: 1_800, currency: 'EUR' },
    ]);
    const input = await invoiceListFile(the.dir, `${site}.csv`, seeded);
    const env = {
      BILLBRIDGE_PROVIDER: 'chargebee',
      CHARGEBEE_SITE: site,
      CHARGEBEE_API_KEY: key,
      BILLBRIDGE_CHARGEBEE_API_BASE: the.emulator.url,
    };
    const plan = await runBillbridge(the.bin, ['bulk-void', '--input', input, '--dry-run', '--json'], {
      env,
    });
    expect(plan.code, plan.stderr).toBe(0);
    expect(ndjson(plan.stdout).at(-1)).not.toHaveProperty('creditNotes');
    const journal = join(the.dir, `${site}.journal.jsonl`);
    const run = await runBillbridge(
      the.bin,
      ['bulk-void', '--input', input, '--journal', journal, '--json', '--rate', '100'],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(ndjson(run.stdout).at(-1)).toMatchObject({
      voided: 3,
      creditNotes: { count: 3, total: [money(1_800, 'EUR'), money(2_600 + 2_500, 'USD')] },
    });
    const told = run.stderr.split('\n').filter((line) => line.includes('settings did not expect'));
    expect(told, run.stderr).toHaveLength(1);
    expect(told[0]).toContain('CHARGEBEE_VOID_CREATES_CREDIT_NOTE=true');
  }, 60_000);
});
