import { describe, expect, it } from 'vitest';
import { useSchemaCheckedEmulator } from '../support/use-schema-checked-emulator.js';

/**
 * The raw chargebee-node scenario of issue 14 (no billbridge client): a customer with promotional
 * credits, an invoice for a one-off charge (Product Catalog 2.0's
 * `invoice.createForChargeItemsAndCharges`), a void with `void_reason_code` and `comment`: the
 * credits come back exactly; on a site with "Void invoices with credit note", the void answers with
 * the adjustment credit note.
 */
for (const voidCreatesCreditNote of [false, true]) {
  describe(`chargebee-node → emulator: void a one-off invoice paid partly by promotional credits (voidCreatesCreditNote: ${voidCreatesCreditNote})`, () => {
    const emulator = useSchemaCheckedEmulator(
      { chargebeeHarness: { voidCreatesCreditNote } },
      { requireAnswers: true },
    );

    it('gives the applied credits back exactly, keeps the reason, and makes the credit note when configured', async () => {
      const chargebee = emulator.chargebee();
      const { customer } = await chargebee.customer.create({
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@example.com',
        preferred_currency_code: 'USD',
      });
      expect(customer).toMatchObject({
        first_name: 'Ada',
        promotional_credits: 0,
        preferred_currency_code: 'USD',
      });
      const added = await chargebee.promotionalCredit.add({
        customer_id: customer.id,
        amount: 500,
        description: 'Welcome credit',
      });
      expect(added.promotional_credit).toMatchObject({
        type: 'increment',
        amount: 500,
        closing_balance: 500,
      });
      expect(added.customer.promotional_credits).toBe(500);

      const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
        customer_id: customer.id,
        charges: [{ amount: 2000, description: 'Onboarding workshop' }],
      });
      expect(invoice).toMatchObject({
        customer_id: customer.id,
        status: 'payment_due',
        sub_total: 2000,
        total: 1500,
        amount_due: 1500,
        discounts: [{ entity_type: 'promotional_credits', amount: 500 }],
        line_items: [{ amount: 2000, description: 'Onboarding workshop', entity_type: 'adhoc' }],
      });
      expect((await chargebee.customer.retrieve(customer.id)).customer.promotional_credits).toBe(0);

      const voided = await chargebee.invoice.voidInvoice(invoice.id, {
        void_reason_code: 'duplicate',
        comment: 'Raised twice by mistake',
      });
      expect(voided.invoice).toMatchObject({
        id: invoice.id,
        status: 'voided',
        amount_due: 0,
        void_reason_code: 'duplicate',
      });
      expect(voided.isIdempotencyReplayed).toBe(false);
      const after = (await chargebee.customer.retrieve(customer.id)).customer;
      expect(after.promotional_credits).toBe(500);
      expect(after.balances?.[0]).toMatchObject({ currency_code: 'USD', promotional_credits: 500 });

      if (voidCreatesCreditNote) {
        expect(voided.credit_note).toMatchObject({
          type: 'adjustment',
          status: 'adjusted',
          create_reason_code: 'Invoice Void',
          reference_invoice_id: invoice.id,
          total: 1500,
        });
        const read = await chargebee.invoice.retrieve(invoice.id);
        expect(read.invoice.adjustment_credit_notes).toEqual([
          expect.objectContaining({ cn_id: voided.credit_note!.id, cn_status: 'adjusted', cn_total: 1500 }),
        ]);
      } else {
        expect(voided.credit_note).toBeUndefined();
      }
      const movements = await chargebee.promotionalCredit.list({ customer_id: { is: customer.id } });
      expect(
        movements.list.map((entry) => [entry.promotional_credit.type, entry.promotional_credit.amount]),
      ).toEqual([
        ['increment', 500],
        ['decrement', 500],
        ['increment', 500],
      ]);
    });
  });
}
