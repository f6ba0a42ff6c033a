import Stripe from 'stripe';

/** The states a seeded invoice is left in. `open` may carry customer credit applied at finalize. */
export type SeededStatus = 'open' | 'paid' | 'draft' | 'void';

/** One seeded invoice: its id, status, total and the customer credit applied to it (minor units). */
export interface SeededInvoice {
  id: string;
  customerId: string;
  status: SeededStatus;
  total: number;
  applied: number;
}

/** What to seed: one entry per invoice. */
export interface SeedSpec {
  status: SeededStatus;
  total: number;
  /** Customer credit given before finalizing (`open` and `paid` only), at most `total`. */
  applied?: number;
}

/**
 * Seeds invoices on the emulator through stripe-node as an application would: a customer (with a
 * credit balance when `applied` is set; one shared customer otherwise), a draft invoice, an item on it, then finalize, and pay
 * out of band or void as asked. `concurrency` requests' chains run at once. Tests pass an
 * `httpClient` that dispatches in process (test/support/dispatching-http-clients.ts): seeding is
 * not what they test.
 */
export async function seedStripeInvoices(
  stripeOptions: { host: string; port: number; protocol: 'http'; httpClient?: Stripe.HttpClient },
  apiKey: string,
  specs: readonly SeedSpec[],
  concurrency = 16,
): Promise<SeededInvoice[]> {
  const stripe = new Stripe(apiKey, { ...stripeOptions, maxNetworkRetries: 0 });
  const seeded: SeededInvoice[] = new Array(specs.length);
  let next = 0;
  // Invoices without credit share one customer: fewer requests, the same invoices.
  const shared = await stripe.customers.create({});
  async function seedOne(index: number) {
    const spec = specs[index]!;
    const applied = spec.applied ?? 0;
    const customer = applied > 0 ? await stripe.customers.create({ balance: -applied }) : shared;
    const invoice = await stripe.invoices.create({
      customer: customer.id,
      collection_method: 'send_invoice',
      days_until_due: 30,
    });
    await stripe.invoiceItems.create({
      customer: customer.id,
      amount: spec.total,
      currency: 'usd',
      invoice: invoice.id,
    });
    if (spec.status !== 'draft') await stripe.invoices.finalizeInvoice(invoice.id);
    if (spec.status === 'paid') await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    if (spec.status === 'void') await stripe.invoices.voidInvoice(invoice.id);
    seeded[index] = {
      id: invoice.id,
      customerId: customer.id,
      status: spec.status,
      total: spec.total,
      applied,
    };
  }
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < specs.length) await seedOne(next++);
    }),
  );
  return seeded;
}

/** The emulator's control API (docs/emulator.md), for tests. */
export function emulatorControl(url: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${url}/_emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`emulator control ${method} ${path}: ${JSON.stringify(json)}`);
    return json;
  }
  return {
    requests: async (query = '') =>
      (
        await call<{
          data: {
            seq: number;
            /** Arrival, ISO 8601. */
            at: string;
            provider: 'stripe' | 'chargebee';
            account: string | null;
            method: string;
            path: string;
            status: number | null;
            replayed: boolean;
            fault: string | null;
            idempotencyKey: string | null;
          }[];
        }>('GET', `requests${query}`)
      ).data,
    clearRequests: () => call('DELETE', 'requests'),
    /** Forgets every account's state, fault rule and log entry. */
    reset: () => call('POST', 'reset'),
    addFault: (rule: Record<string, unknown>) => call<{ id: number }>('POST', 'faults', rule),
    clearFaults: () => call('DELETE', 'faults'),
    /** Binds a Chargebee test key to a site, and sets that site's "Void invoices with credit note". */
    chargebeeSite: async (site: string, apiKey: string, settings: { voidCreatesCreditNote: boolean }) => {
      await call('POST', 'chargebee/keys', { apiKey, site });
      await call('POST', `chargebee/sites/${site}`, settings);
    },
    state: async <T>(provider: string, account: string) =>
      (await call<{ data: T }>('GET', `state/${provider}/${encodeURIComponent(account)}`)).data,
  };
}
