import { createMemoryProvider, type MemoryProvider } from '@billbridge/memory';

/** What the mix holds, so tests can state what a plan must say. */
export interface InvoiceMix {
  provider: MemoryProvider;
  invoiceIds: string[];
  voidable: string[];
  blocked: Map<string, string>;
}

/**
 * A seeded memory provider with `count` invoices in a repeating mix: open with customer credit
 * applied (usd and eur), open without credit, paid, draft, already void, uncollectible; on the
 * Chargebee flavor every seventh is partly paid (`has_payments`).
 */
export function seedInvoiceMix(
  count: number,
  flavor: 'stripe' | 'chargebee' = 'stripe',
  settings: { voidCreatesCreditNote?: boolean } = {},
): InvoiceMix {
  const provider = createMemoryProvider({ flavor, idSeed: 7, ...settings });
  const invoiceIds: string[] = [];
  const voidable: string[] = [];
  const blocked = new Map<string, string>();
  for (let index = 0; index < count; index++) {
    const currency = index % 2 === 0 ? 'usd' : 'eur';
    const kind = index % 7;
    const credit = kind === 0 || kind === 1 ? 100 + index : 0;
    const customer = provider.createCustomer({ currency, credit });
    // An invoice of a subscription can be voided by the provider on its own (the already-void ones).
    const subscriptionId =
      kind === 4 ? provider.createSubscription({ customerId: customer.customerId }).id : undefined;
    const draft = provider.createInvoice({
      customerId: customer.customerId,
      ...(subscriptionId ? { subscriptionId } : {}),
      lines: [{ amount: 1000 + index * 10 }],
    });
    const id = draft.id;
    invoiceIds.push(id);
    if (kind === 3) {
      blocked.set(id, 'draft');
      continue;
    }
    provider.finalizeInvoice(id);
    if (kind === 2) {
      provider.payInvoice(id);
      blocked.set(id, 'paid');
    } else if (kind === 4) {
      provider.voidInvoiceForSubscription(id);
      blocked.set(id, 'already_void');
    } else if (kind === 5) {
      provider.markUncollectible(id);
      voidable.push(id);
    } else if (kind === 6 && flavor === 'chargebee') {
      provider.payInvoice(id, { amount: 100 });
      blocked.set(id, 'has_payments');
    } else {
      voidable.push(id);
    }
  }
  return { provider, invoiceIds, voidable, blocked };
}

/** How many times the provider really voided each invoice (answers from an idempotency record excluded). */
export function voidsPerInvoice(provider: MemoryProvider): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of provider.calls) {
    if (call.operation !== 'voidInvoice' || call.outcome !== 'ok') continue;
    const id = (call.input as { invoiceId: string }).invoiceId;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
