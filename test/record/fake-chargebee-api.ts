import type {
  FakeAnswer,
  FakeObject,
  FakeProviderApi,
  FakeRequest,
  FakeStore,
} from './loopback-provider-fake.js';

/** Where Chargebee's answers keep ids: objects under these keys have an `id` of that kind… */
const objectKinds: Record<string, string> = {
  invoice: 'invoice',
  customer: 'customer',
  credit_note: 'credit_note',
  subscription: 'subscription',
};
/** …and these fields hold ids of that kind. */
const idFields: Record<string, string> = {
  customer_id: 'customer',
  subscription_id: 'subscription',
  reference_invoice_id: 'invoice',
  invoice_id: 'invoice',
  cn_id: 'credit_note',
};

function apiError(status: number, code: string, message: string): FakeAnswer {
  return {
    status,
    body: {
      message,
      type: 'invalid_request',
      api_error_code: code,
      error_code: code,
      http_status_code: status,
    },
  };
}

const notFound = (request: FakeRequest) =>
  apiError(404, 'resource_not_found', `fake Chargebee: nothing answers ${request.method} ${request.path}`);

const amount = (value: string | undefined) => Number(value ?? 0);

function promotionalCredits(customer: FakeObject | undefined): number {
  return Number(customer?.data.promotional_credits ?? 0);
}

function createInvoice(request: FakeRequest, store: FakeStore): FakeAnswer {
  const customer = store.get(request.body.customer_id ?? '');
  if (!customer) return apiError(404, 'resource_not_found', 'customer not found');
  const subTotal = amount(request.body['charges[amount][0]']);
  // Chargebee applies the customer's promotional credits to a new invoice as a discount.
  const applied = Math.min(promotionalCredits(customer), subTotal);
  customer.data.promotional_credits = promotionalCredits(customer) - applied;
  const invoice = store.create('invoice', {
    customer_id: customer.id,
    status: 'payment_due',
    sub_total: subTotal,
    total: subTotal - applied,
    amount_paid: 0,
    amount_due: subTotal - applied,
    currency_code: request.body.currency_code ?? 'USD',
    object: 'invoice',
  });
  return { status: 200, body: { invoice: invoice.data } };
}

function invoiceAction(
  action: string,
  invoice: FakeObject,
  request: FakeRequest,
  store: FakeStore,
): FakeAnswer {
  if (action === 'void') {
    invoice.data.status = 'voided';
    return { status: 200, body: { invoice: invoice.data } };
  }
  if (action === 'record_payment') {
    const paid = amount(request.body['transaction[amount]']);
    invoice.data.amount_paid = Number(invoice.data.amount_paid) + paid;
    invoice.data.amount_due = Number(invoice.data.amount_due) - paid;
    if (Number(invoice.data.amount_due) <= 0) invoice.data.status = 'paid';
    const transaction = store.create('transaction', { amount: paid, object: 'transaction' });
    return { status: 200, body: { invoice: invoice.data, transaction: transaction.data } };
  }
  return notFound(request);
}

/** Answers the setup calls of `chargebee-recording-setup.ts` like Chargebee's API (`/api/v2/…`), statefully. */
function answerSetup(request: FakeRequest, store: FakeStore): FakeAnswer {
  const segments = request.path.split('?')[0]!.split('/').filter(Boolean);
  if (segments[0] !== 'api' || segments[1] !== 'v2') return notFound(request);
  const [resource, second, action] = segments.slice(2);
  const post = request.method === 'POST';
  if (post && resource === 'customers' && second === undefined) {
    const customer = store.create('customer', {
      ...(request.body.id ? { id: request.body.id } : {}),
      first_name: request.body.first_name,
      promotional_credits: 0,
      object: 'customer',
    });
    return { status: 200, body: { customer: customer.data } };
  }
  if (post && resource === 'promotional_credits' && second === 'add') {
    const customer = store.get(request.body.customer_id ?? '');
    if (!customer) return apiError(404, 'resource_not_found', 'customer not found');
    customer.data.promotional_credits = promotionalCredits(customer) + amount(request.body.amount);
    const credit = store.create('promotional_credit', {
      customer_id: customer.id,
      amount: amount(request.body.amount),
      type: 'increment',
      object: 'promotional_credit',
    });
    return { status: 200, body: { promotional_credit: credit.data, customer: customer.data } };
  }
  if (post && resource === 'invoices' && second === 'create_for_charge_items_and_charges')
    return createInvoice(request, store);
  if (post && resource === 'credit_notes' && second === undefined) {
    const invoice = store.get(request.body.reference_invoice_id ?? '');
    if (!invoice) return apiError(404, 'resource_not_found', 'invoice not found');
    const note = store.create('credit_note', {
      reference_invoice_id: invoice.id,
      customer_id: invoice.data.customer_id,
      type: request.body.type,
      total: amount(request.body.total),
      object: 'credit_note',
    });
    return { status: 200, body: { credit_note: note.data, invoice: invoice.data } };
  }
  const target = second === undefined ? undefined : store.get(second);
  if (!target) return notFound(request);
  if (resource === 'invoices' && action === undefined && request.method === 'GET')
    return { status: 200, body: { invoice: target.data } };
  if (post && resource === 'invoices' && action !== undefined)
    return invoiceAction(action, target, request, store);
  if (post && resource === 'customers' && action === 'record_excess_payment') {
    const transaction = store.create('transaction', {
      amount: amount(request.body['transaction[amount]']),
      object: 'transaction',
    });
    return { status: 200, body: { customer: target.data, transaction: transaction.data } };
  }
  return notFound(request);
}

function findIds(body: unknown, parentKey?: string): { kind: string; id: string }[] {
  if (Array.isArray(body)) return body.flatMap((item) => findIds(item, parentKey));
  if (!body || typeof body !== 'object') return [];
  const found: { kind: string; id: string }[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') {
      const kind = key === 'id' && parentKey !== undefined ? objectKinds[parentKey] : idFields[key];
      if (kind) found.push({ kind, id: value });
    } else {
      found.push(...findIds(value, key));
    }
  }
  return found;
}

/** Fresh ids shaped like a young test site's: invoice numbers are short (`41`), credit notes `TEST-CN-…`. */
function mintId(kind: string, sequence: number): string {
  if (kind === 'invoice') return String(40 + sequence);
  if (kind === 'credit_note') return `TEST-CN-${sequence}`;
  return `${kind}_${sequence}`;
}

/** Chargebee, as the loopback fake plays it. */
export const fakeChargebeeApi: FakeProviderApi = {
  answerSetup,
  findIds: (body) => findIds(body),
  mintId,
  createdByCalls: ['credit_note'],
};
