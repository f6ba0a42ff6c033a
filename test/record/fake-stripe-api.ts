import { randomBytes } from 'node:crypto';
import type {
  FakeAnswer,
  FakeObject,
  FakeProviderApi,
  FakeRequest,
  FakeStore,
} from './loopback-provider-fake.js';

/** The resources record mode's Stripe setup creates: id prefix (the fake's kind) and `object`. */
const resources: Record<string, { kind: string; object: string; status?: string }> = {
  customers: { kind: 'cus', object: 'customer' },
  balance_transactions: { kind: 'cbtxn', object: 'customer_balance_transaction' },
  invoices: { kind: 'in', object: 'invoice', status: 'draft' },
  invoiceitems: { kind: 'ii', object: 'invoiceitem' },
  credit_notes: { kind: 'cn', object: 'credit_note', status: 'issued' },
  products: { kind: 'prod', object: 'product' },
  subscriptions: { kind: 'sub', object: 'subscription', status: 'active' },
};

/** Invoice and credit note actions and the status they leave. */
const statusAfter: Record<string, string> = { finalize: 'open', pay: 'paid', void: 'void' };

/** Ids the documented answers carry and the fake must swap: invoices, customers, credit notes, subscriptions. */
const DOCUMENTED_ID = /^(in|cus|cn|sub)_[A-Za-z0-9]+$/;

/** Top-level form fields (`customer`, `amount`), not nested ones (`metadata[x]`). */
function plainFields(body: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !key.includes('[')));
}

function notFound(request: FakeRequest): FakeAnswer {
  return {
    status: 404,
    body: {
      error: {
        type: 'invalid_request_error',
        message: `fake Stripe: nothing answers ${request.method} ${request.path}`,
      },
    },
  };
}

function objectAnswer(object: FakeObject): FakeAnswer {
  return { status: 200, body: object.data };
}

/** Answers the setup calls of `stripe-recording-setup.ts` like Stripe's API (`/v1/…`), statefully. */
function answerSetup(request: FakeRequest, store: FakeStore): FakeAnswer {
  const [version, resource = '', id, action] = request.path.split('?')[0]!.split('/').filter(Boolean);
  const created = resources[resource];
  if (version !== 'v1') return notFound(request);
  if (request.method === 'POST' && id === undefined && created) {
    const object = store.create(created.kind, {
      object: created.object,
      livemode: false,
      ...(created.status ? { status: created.status } : {}),
      ...plainFields(request.body),
    });
    if (resource === 'subscriptions') {
      // Stripe bills a new subscription at once: its first invoice (a draft with send_invoice).
      const first = store.create('in', {
        object: 'invoice',
        livemode: false,
        status: 'draft',
        customer: object.data.customer,
        parent: { type: 'subscription_details', subscription_details: { subscription: object.id } },
      });
      object.data.latest_invoice = first.id;
    }
    return objectAnswer(object);
  }
  const target = id === undefined ? undefined : store.get(id);
  if (!target) return notFound(request);
  if (action === undefined) {
    if (request.method === 'POST') Object.assign(target.data, plainFields(request.body));
    return objectAnswer(target);
  }
  const status = statusAfter[action];
  if (request.method === 'POST' && status) {
    target.data.status = status;
    return objectAnswer(target);
  }
  const child = resources[action];
  if (request.method === 'POST' && child) {
    return objectAnswer(
      store.create(child.kind, {
        object: child.object,
        [target.data.object as string]: id,
        ...plainFields(request.body),
      }),
    );
  }
  return notFound(request);
}

function findIds(body: unknown): { kind: string; id: string }[] {
  if (typeof body === 'string') {
    const match = DOCUMENTED_ID.exec(body);
    return match ? [{ kind: match[1]!, id: body }] : [];
  }
  if (Array.isArray(body)) return body.flatMap(findIds);
  if (body && typeof body === 'object') return Object.values(body).flatMap(findIds);
  return [];
}

/** A fresh id shaped like Stripe's (`in_1Loop0003…`, 24 characters after the prefix). */
function mintId(kind: string, sequence: number): string {
  const random = randomBytes(12).toString('hex').slice(0, 14);
  return `${kind}_1Loop${String(sequence).padStart(4, '0')}${random}`;
}

/** Stripe, as the loopback fake plays it. */
export const fakeStripeApi: FakeProviderApi = { answerSetup, findIds, mintId, createdByCalls: ['cn'] };
