/**
 * "The same application code runs unchanged on memory-as-Chargebee and on Chargebee cassettes and
 * sees the same normalized results." `application()` below is that code: it only knows a
 * `BillingClient` and some ids. It runs on the memory provider (flavor `chargebee`, seeded with
 * the same ids and the standard amounts) and on the Chargebee adapter over
 * test/cassettes/chargebee/parity(.with-credit-note).json, for a site without and with "Void
 * invoices with credit note", and the two summaries must be equal.
 */
import { createChargebeeProvider } from '@billbridge/chargebee';
import {
  type BillingClient,
  type CreditNote,
  createBillingClient,
  type Invoice,
  InvoiceNotVoidableError,
} from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import { playCassette } from '@billbridge/testing';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARITY_FIXTURE } from '../../packages/chargebee/test/support/author-chargebee-cassettes.js';
import { SITE } from '../../packages/chargebee/test/support/chargebee-fixtures.js';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

type Ids = typeof PARITY_FIXTURE;

/** What an application sees of an invoice (ids it chose; no provider name, timestamps or raw). */
function seen(invoice: Invoice) {
  const { raw: _raw, provider: _provider, createdAt: _created, voidedAt, ...rest } = invoice;
  return { ...rest, voided: voidedAt !== null };
}

/** Credit note ids are the provider's; the application only sees that there is one. */
function seenNote(note: CreditNote | null) {
  if (!note) return null;
  const { raw: _raw, provider: _provider, createdAt: _created, id, ...rest } = note;
  return { ...rest, hasId: id.length > 0 };
}

/** The application: the same code whichever provider is configured. */
async function application(client: BillingClient, ids: Ids) {
  const check = await client.checkVoidable(ids.openInvoiceId);
  const options = {
    reasonCode: 'duplicate',
    comment: 'Raised twice by mistake',
    idempotencyKey: ids.idempotencyKey,
  };
  const voided = await client.voidInvoice(ids.openInvoiceId, options);
  const again = await client.voidInvoice(ids.openInvoiceId, options);
  const balance = await client.getCustomerBalance(ids.customerId, { currency: 'usd' });
  const refusal = await client.voidInvoice(ids.paidInvoiceId).catch((error: unknown) => error);
  const note = await client.createCreditNote({
    invoiceId: ids.otherInvoiceId,
    amount: 300,
    reason: 'order_change',
  });
  const listed = await client.listCreditNotes({ invoiceId: ids.otherInvoiceId });
  const voidedNote = await client.voidCreditNote(note.id);
  return {
    check: { voidable: check.voidable, blockers: check.blockers, invoice: seen(check.invoice) },
    void: {
      invoice: seen(voided.invoice),
      balanceReturned: voided.balanceReturned,
      creditNote: seenNote(voided.creditNote),
      warnings: voided.warnings,
      replayed: voided.replayed,
    },
    replay: {
      invoice: seen(again.invoice),
      balanceReturned: again.balanceReturned,
      creditNote: seenNote(again.creditNote),
      replayed: again.replayed,
    },
    balance: {
      customerId: balance.customerId,
      currency: balance.currency,
      credit: balance.credit,
      breakdown: balance.breakdown,
    },
    refusal: InvoiceNotVoidableError.isInstance(refusal)
      ? {
          error: refusal.name,
          code: refusal.code,
          blockers: refusal.blockers,
          retryable: refusal.retryable,
          outcome: refusal.outcome,
          status: refusal.status,
          invoice: refusal.invoice ? seen(refusal.invoice) : null,
        }
      : { unexpected: String(refusal) },
    creditNote: seenNote(note),
    listed: listed.map((entry) => ({ sameAsCreated: entry.id === note.id, ...seenNote(entry) })),
    voidedNote: { sameId: voidedNote.id === note.id, ...seenNote(voidedNote) },
  };
}

function onMemory(voidCreatesCreditNote: boolean) {
  const F = PARITY_FIXTURE;
  const memory = createMemoryProvider({ flavor: 'chargebee', voidCreatesCreditNote });
  memory.createCustomer({ id: F.customerId, currency: 'usd', credit: 500 });
  memory.createSubscription({ id: F.subscriptionId, customerId: F.customerId });
  memory.createInvoice({
    id: F.openInvoiceId,
    customerId: F.customerId,
    subscriptionId: F.subscriptionId,
    lines: [{ amount: 2000 }],
  });
  memory.finalizeInvoice(F.openInvoiceId);
  memory.createCustomer({ id: F.paidCustomerId, currency: 'usd', credit: 500 });
  memory.createInvoice({ id: F.paidInvoiceId, customerId: F.paidCustomerId, lines: [{ amount: 2000 }] });
  memory.finalizeInvoice(F.paidInvoiceId);
  memory.payInvoice(F.paidInvoiceId);
  memory.createCustomer({ id: F.otherCustomerId, currency: 'usd', credit: 500 });
  memory.createInvoice({ id: F.otherInvoiceId, customerId: F.otherCustomerId, lines: [{ amount: 2000 }] });
  memory.finalizeInvoice(F.otherInvoiceId);
  return application(createBillingClient({ provider: memory, retry: { maxAttempts: 1 } }), F);
}

async function onChargebeeCassette(voidCreatesCreditNote: boolean) {
  const file = new URL(
    `../cassettes/chargebee/parity${voidCreatesCreditNote ? '.with-credit-note' : ''}.json`,
    import.meta.url,
  );
  const player = playCassette(file.pathname);
  try {
    const provider = createChargebeeProvider({
      site: SITE,
      apiKey: 'test_billbridgeParityKey000000000000',
      voidCreatesCreditNote,
    });
    const summary = await application(
      createBillingClient({ provider, retry: { maxAttempts: 1 } }),
      PARITY_FIXTURE,
    );
    player.assertDone();
    return summary;
  } finally {
    player.stop();
  }
}

describe('one application, memory-as-Chargebee and Chargebee cassettes: the same normalized results', () => {
  for (const voidCreatesCreditNote of [false, true]) {
    it(`voidCreatesCreditNote: ${voidCreatesCreditNote}`, async () => {
      const chargebee = await onChargebeeCassette(voidCreatesCreditNote);
      const memory = await onMemory(voidCreatesCreditNote);
      // The numbers are the standard ones, so equality is not equality of two wrong answers.
      expect(chargebee.void.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
      expect(chargebee.void.invoice).toMatchObject({
        status: 'void',
        total: { amount: 2000, currency: 'usd' },
      });
      expect(chargebee.replay.replayed).toBe(true);
      expect(chargebee.balance.credit).toBe(500);
      expect(chargebee.refusal).toMatchObject({ blockers: ['paid'] });
      expect(chargebee.void.creditNote !== null).toBe(voidCreatesCreditNote);
      if (voidCreatesCreditNote) {
        // Chargebee links the credit note a void creates to the voided invoice
        // (`adjustment_credit_notes[]`); both count it in `amountCredited`.
        expect(chargebee.void.invoice.amountCredited.amount).toBe(1500);
      }
      expect(memory).toEqual(chargebee);
    });
  }
});
