import Chargebee, { type HttpClientInterface } from 'chargebee';

/**
 * What a seeded Chargebee invoice is left as: `open` (payment_due), `paid`, `voided`, `pending`,
 * or open with a Chargebee blocker: a part payment recorded (`has_payments`), an adjustment credit
 * note (`has_adjustments`), or both.
 */
export type ChargebeeSeedKind =
  | 'open'
  | 'paid'
  | 'voided'
  | 'pending'
  | 'part_paid'
  | 'adjusted'
  | 'part_paid_adjusted';

/** One invoice to seed: a one-off charge of `total` (minor units) in `currency`. */
export interface ChargebeeSeedSpec {
  kind: ChargebeeSeedKind;
  total: number;
  currency: 'USD' | 'EUR';
  /** Promotional credits given to the invoice's own customer first (applied when it is issued), below `total`. */
  credits?: number;
}

/** A seeded invoice, with what was applied to it and what it still owed when seeded. */
export interface ChargebeeSeededInvoice extends ChargebeeSeedSpec {
  id: string;
  customerId: string;
  /** Promotional credits the invoice took when issued (what a void gives back). */
  applied: number;
  /** `amount_due` after seeding: what a void's adjustment credit note is for. */
  amountDue: number;
}

/**
 * Seeds invoices on the emulator's Chargebee site that `apiKey` is bound to, through chargebee-node
 * as an application would: a customer per invoice (its credits apply to its next invoice only),
 * promotional credits, an invoice for a one-off charge (`create_for_charge_items_and_charges`,
 * pending on request), then payments, adjustment credit notes or a void as the kind says.
 */
export async function seedChargebeeInvoices(
  endpoint: {
    site: string;
    hostSuffix: string;
    protocol: 'http';
    port: number;
    httpClient?: HttpClientInterface;
  },
  apiKey: string,
  specs: readonly ChargebeeSeedSpec[],
  concurrency = 8,
): Promise<ChargebeeSeededInvoice[]> {
  const chargebee = new Chargebee({ apiKey, ...endpoint });
  const seeded: ChargebeeSeededInvoice[] = new Array(specs.length);
  let next = 0;
  async function seedOne(index: number) {
    const spec = specs[index]!;
    const { customer } = await chargebee.customer.create({ preferred_currency_code: spec.currency });
    if (spec.credits) {
      await chargebee.promotionalCredit.add({
        customer_id: customer.id,
        amount: spec.credits,
        description: 'Goodwill credit',
      });
    }
    const created = await chargebee.invoice.createForChargeItemsAndCharges({
      customer_id: customer.id,
      charges: [{ amount: spec.total, description: `Seeded charge ${index}` }],
      ...(spec.kind === 'pending' ? { create_pending_invoice: true } : {}),
    });
    let invoice = created.invoice;
    const applied = spec.kind === 'pending' ? 0 : (spec.credits ?? 0);
    const due = invoice.amount_due ?? 0;
    if (spec.kind === 'paid') {
      invoice = (
        await chargebee.invoice.recordPayment(invoice.id, { transaction: { payment_method: 'cash' } })
      ).invoice;
    }
    if (spec.kind === 'part_paid' || spec.kind === 'part_paid_adjusted') {
      invoice = (
        await chargebee.invoice.recordPayment(invoice.id, {
          transaction: { amount: Math.floor(due / 4), payment_method: 'check' },
        })
      ).invoice;
    }
    if (spec.kind === 'adjusted' || spec.kind === 'part_paid_adjusted') {
      await chargebee.creditNote.create({
        reference_invoice_id: invoice.id,
        type: 'adjustment',
        total: Math.floor(due / 4),
        reason_code: 'order_change',
      });
      invoice = (await chargebee.invoice.retrieve(invoice.id)).invoice;
    }
    if (spec.kind === 'voided') invoice = (await chargebee.invoice.voidInvoice(invoice.id)).invoice;
    seeded[index] = {
      ...spec,
      id: invoice.id,
      customerId: customer.id,
      applied,
      amountDue: invoice.amount_due ?? 0,
    };
  }
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < specs.length) await seedOne(next++);
    }),
  );
  return seeded;
}
