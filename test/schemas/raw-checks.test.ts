/**
 * The conformance suite's `validateRaw` (packages/testing/src/check-raw-results.ts with
 * `rawValidator`) sees every raw object a client hands back, and a bad copy fails it: a memory
 * provider whose void answers with today's invoice plus the removed `paid`.
 */
import { type BillingProvider, createBillingClient, InvoiceNotVoidableError } from '@billbridge/core';
import { createMemoryProvider, MEMORY_DEFAULT_STRIPE_API_VERSION } from '@billbridge/memory';
import { checkRawResults } from '@billbridge/testing';
import { describe, expect, it } from 'vitest';
import { rawValidator } from './validate-provider-picture.js';

const today = { provider: 'stripe', apiVersion: MEMORY_DEFAULT_STRIPE_API_VERSION };

function seeded(provider = createMemoryProvider({ flavor: 'stripe' })) {
  const { customerId } = provider.createCustomer({ currency: 'usd', credit: 500 });
  const open = () =>
    provider.finalizeInvoice(provider.createInvoice({ customerId, lines: [{ amount: 2000 }] }).id).id;
  return { provider, customerId, open };
}

describe('validateRaw in the conformance suite', () => {
  it('checks every raw a client hands back, including the invoice a refusal carries', async () => {
    const { provider, customerId, open } = seeded();
    const raws = checkRawResults(createBillingClient({ provider }), rawValidator(today), 'by hand');
    const { client } = raws;
    const invoiceId = open();
    await client.checkVoidable(invoiceId);
    const note = await client.createCreditNote({ invoiceId, amount: 300 });
    await client.listCreditNotes({ invoiceId });
    await client.voidCreditNote(note.id);
    await client.voidInvoice(invoiceId);
    await expect(client.voidInvoice(invoiceId)).rejects.toSatisfy(InvoiceNotVoidableError.isInstance);
    await client.reverseInvoice(open());
    await client.getCustomerBalance(customerId);
    expect(raws.issues).toEqual([]);
    // checkVoidable 1, credit notes 3, void 2, the refusal's invoice 1, reverse 2, balance 1.
    expect(raws.checked()).toBe(10);
  });

  it('a memory raw invoice with paid: true under today’s version fails', async () => {
    const memory = createMemoryProvider({ flavor: 'stripe' });
    // The bad copy: the void's raw objects carry the field 2025-03-31.basil removed.
    const bad: BillingProvider = {
      ...memory,
      async doVoidInvoice(request, context) {
        const result = await memory.doVoidInvoice(request, context);
        const raw = { ...(result.raw as object), paid: true };
        return { ...result, raw, invoice: { ...result.invoice, raw } };
      },
    };
    const { open } = seeded(memory);
    const raws = checkRawResults(
      createBillingClient({ provider: bad }),
      rawValidator(today),
      'void-open-with-credit',
    );
    await raws.client.voidInvoice(open());
    expect(raws.issues).toEqual([
      'voidInvoice void_result: invoice_void_response.paid is not a known parameter/property',
      'voidInvoice invoice: invoice.paid is not a known parameter/property',
    ]);
  });
});
