import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type BasicAuthCredentials,
  type BillingEvent,
  basicAuthHeader,
  basicAuthMatches,
  type ProviderWebhookRequest,
  parseInput,
  ValidationError,
  WebhookVerificationError,
} from '@billbridge/core';
import * as z from 'zod';
import { snapshotPlain } from '../clone-plain.js';
import type { MemoryFlavor } from '../memory-flavor.js';
import { createIdGenerator } from '../memory-ids.js';
import { toCreditNote, toInvoice } from '../normalize.js';
import { createRingBuffer } from '../ring-buffer.js';
import type { MemoryState } from '../state/create-memory-state.js';
import type { StateChange } from '../state/events.js';
import {
  snapshotCreditNote,
  snapshotCredits,
  snapshotCustomer,
  snapshotRecord,
} from '../state/frozen-parts.js';
import { memoryEventNames } from './memory-event-types.js';
import { renderChargebeeEvent } from './render-chargebee-event.js';
import { renderStripeEvent } from './render-stripe-event.js';
import type { WebhookSnapshot } from './webhook-snapshot.js';

/** A delivery as the flavor's provider sends it: post `body` with `headers` to a webhook endpoint. */
export interface MemoryWebhookDelivery {
  body: string;
  headers: Record<string, string>;
}

const deliveryOptionsSchema = z.strictObject({
  /** Stripe flavor: the endpoint secret to sign with (`whsec_…`, what the Stripe adapter is given). */
  secret: z.string().min(1).optional(),
  /** Chargebee flavor: the Basic auth to send (what the Chargebee adapter's `webhookAuth` is). */
  basicAuth: z.strictObject({ username: z.string().min(1), password: z.string().min(1) }).optional(),
  /** Stripe flavor: the signature's Unix time in seconds (default now, as Stripe signs each attempt). */
  timestamp: z.int().min(0).optional(),
});

/** Options of `provider.webhookDelivery`. */
export type MemoryWebhookDeliveryOptions = z.input<typeof deliveryOptionsSchema>;

/** Stripe's tolerance for a signature's age, as the Stripe adapter checks it. */
const TOLERANCE_SECONDS = 300;

interface Entry {
  snapshot: WebhookSnapshot;
  eventId?: string;
  event?: BillingEvent;
}

/** The memory provider's webhooks: one `BillingEvent` per state change, deliveries, and their verification. */
export interface MemoryWebhooks {
  /** The events kept, oldest first. */
  list(): BillingEvent[];
  delivery(event: BillingEvent, options?: MemoryWebhookDeliveryOptions): MemoryWebhookDelivery;
  parse(request: ProviderWebhookRequest): Promise<BillingEvent>;
  clear(): void;
}

/**
 * Keeps a frozen copy of each of the last `keep` state changes (0: none, and voids cost nothing
 * extra); events and their bodies are made from it when read. Deliveries are signed as the
 * provider signs them (Stripe: HMAC-SHA256 of `t.body`; Chargebee: Basic auth).
 */
export function createMemoryWebhooks(
  state: MemoryState,
  settings: {
    apiVersion: string | undefined;
    keep: number;
    secrets: readonly string[];
    auth: BasicAuthCredentials | undefined;
    /** Told of each event as it is recorded (the emulator delivers them); `event()` makes it. */
    onRecorded?: (event: () => BillingEvent) => void;
    /** Seeds the event ids (default one seed): the emulator gives each account its own. */
    idSeed?: number;
  },
): MemoryWebhooks {
  // Stripe's scheme: https://docs.stripe.com/webhooks/signature (HMAC from `node:crypto`).
  const flavor: MemoryFlavor = state.flavor;
  const entries = createRingBuffer<Entry>(settings.keep);
  const ids = createIdGenerator(settings.idSeed ?? 0x5eed);
  const byId = new Map<string, Entry>();

  function snapshotOf(change: StateChange): WebhookSnapshot | undefined {
    const { type, objectId } = change;
    // A deleted draft or invoice item is gone: its deletion is not delivered (docs/emulator.md).
    if (type.endsWith('.deleted')) return undefined;
    if (type.startsWith('invoice_item.')) {
      // Stripe's invoice items; Chargebee's unbilled charges are not modelled as their own resource.
      if (flavor.name !== 'stripe') return undefined;
      // Stripe no longer sends `invoiceitem.updated` (removed from its event types: stripe-node
      // CHANGELOG 13.5.0); the draft it is a line of gets its `invoice.updated`.
      if (type === 'invoice_item.updated') return undefined;
      return { change, kind: 'invoice_item', record: snapshotRecord(state.invoiceItems.get(objectId)) };
    }
    if (type === 'customer.balance_changed') {
      const customer = state.customers.get(objectId);
      const entry = customer.ledger.at(-1);
      return entry ? { change, kind: 'ledger', entry, customer } : undefined;
    }
    if (type.startsWith('invoice.')) {
      const record = state.snapshotInvoice(state.invoices.get(objectId));
      // A Chargebee invoice lists its credit notes: as they were at the change, like the invoice.
      const credits =
        flavor.name === 'chargebee' ? snapshotCredits(state.creditNotes.creditsOf(objectId)) : undefined;
      return { change, kind: 'invoice', record, credits };
    }
    if (type.startsWith('credit_note.')) {
      return { change, kind: 'credit_note', record: snapshotCreditNote(state.creditNotes.get(objectId)) };
    }
    if (type.startsWith('subscription.')) {
      return { change, kind: 'subscription', record: snapshotRecord(state.subscriptions.get(objectId)) };
    }
    return { change, kind: 'customer', record: snapshotCustomer(state.customers.get(objectId)) };
  }

  /** The entry recorded last, for `foldedIntoCreation`. */
  let newest: Entry | undefined;

  /**
   * Stripe takes a new customer's balance in the create call (`POST /v1/customers` with
   * `balance`) and sends one `customer.created` showing it, no `customer.updated`
   * (https://docs.stripe.com/api/customers/create). The state records the seeded credit as a
   * change of its own right after the creation: it goes into that event's snapshot instead, while
   * nobody has read the event yet. Chargebee has no credit in its create call (credits are added
   * by a call of their own, with an event of its own), so its flavor keeps both.
   */
  function foldedIntoCreation(change: StateChange): boolean {
    if (flavor.name !== 'stripe' || change.type !== 'customer.balance_changed') return false;
    const customer = state.customers.get(change.objectId);
    if (customer.ledger.at(-1)?.reason !== 'seeded') return false;
    const last = newest;
    if (last === undefined || last.event !== undefined) return false;
    const created = last.snapshot;
    if (
      created.kind !== 'customer' ||
      created.change.type !== 'customer.created' ||
      created.record.id !== customer.id
    ) {
      return false;
    }
    last.snapshot = { ...created, record: snapshotCustomer(customer) };
    return true;
  }

  if (settings.keep > 0) {
    state.events.subscribe((change) => {
      if (foldedIntoCreation(change)) return;
      const snapshot = snapshotOf(change);
      if (!snapshot) return;
      // The event's id is drawn when it is first read (below), so recording costs no id.
      const entry: Entry = { snapshot };
      newest = entry;
      const dropped = entries.push(entry);
      if (dropped?.eventId !== undefined) byId.delete(dropped.eventId);
      settings.onRecorded?.(() => build(entry));
    });
  }

  function build(entry: Entry): BillingEvent {
    if (entry.event) return entry.event;
    const { snapshot } = entry;
    const eventId = ids.id(flavor.name === 'stripe' ? 'evt_' : 'ev_', 24);
    entry.eventId = eventId;
    byId.set(eventId, entry);
    const { providerType, type } = memoryEventNames(flavor.name, snapshot);
    const raw =
      flavor.name === 'stripe'
        ? renderStripeEvent(snapshot, {
            eventId,
            apiVersion: settings.apiVersion as string,
            providerType,
            customer: (id) => state.customers.find(id),
          })
        : renderChargebeeEvent(snapshot, {
            eventId,
            providerType,
            invoice: (invoiceId) => state.invoices.find(invoiceId),
            customer: (customerId) => state.customers.find(customerId),
          });
    const event: BillingEvent = {
      id: eventId,
      provider: 'memory',
      type,
      providerType,
      occurredAt: snapshot.change.at,
      livemode: false,
      apiVersion: flavor.name === 'stripe' ? (settings.apiVersion ?? null) : 'v2',
      accountId: null,
      raw: snapshotPlain(raw),
    };
    if (snapshot.kind === 'invoice') {
      event.invoice = toInvoice(snapshot.record, flavor, snapshot.credits);
      event.customerId = snapshot.record.customerId;
    } else if (snapshot.kind === 'credit_note') {
      event.creditNote = toCreditNote(snapshot.record, flavor);
      event.customerId = snapshot.record.customerId;
    } else if (snapshot.kind === 'subscription' || snapshot.kind === 'invoice_item') {
      event.customerId = snapshot.record.customerId;
    } else {
      event.customerId = snapshot.kind === 'ledger' ? snapshot.customer.id : snapshot.record.id;
    }
    entry.event = event;
    return event;
  }

  function refusal(message: string): WebhookVerificationError {
    return new WebhookVerificationError({
      message: `memory (${flavor.name}): ${message}`,
      provider: 'memory',
    });
  }

  function verifyStripe(request: ProviderWebhookRequest): void {
    const header = request.headers['stripe-signature'];
    if (!header) throw refusal('the Stripe-Signature header is missing');
    if (settings.secrets.length === 0)
      throw refusal('no webhookSecret is configured: give createMemoryProvider({ webhookSecret })');
    const parts = header.split(',').map((part) => part.split('='));
    const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
    const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
    if (!Number.isInteger(timestamp) || signatures.length === 0)
      throw refusal('the Stripe-Signature header is malformed');
    const matches = settings.secrets.some((secret) => {
      const expected = Buffer.from(sign(secret, timestamp, request.body), 'utf8');
      return signatures.some((given) => {
        const candidate = Buffer.from(given, 'utf8');
        return candidate.length === expected.length && timingSafeEqual(candidate, expected);
      });
    });
    if (!matches) throw refusal('the signature does not match the body with any configured webhook secret');
    const age = Math.floor(Date.now() / 1000) - timestamp;
    if (age > TOLERANCE_SECONDS)
      throw refusal(`the timestamp is ${age} s old, outside the ${TOLERANCE_SECONDS} s tolerance`);
  }

  return {
    list: () => entries.toArray().map(build),

    delivery(event, optionsInput = {}): MemoryWebhookDelivery {
      const options = parseInput(deliveryOptionsSchema, optionsInput, {
        context: 'webhookDelivery',
        provider: 'memory',
      });
      const entry = byId.get((event as BillingEvent | undefined)?.id ?? '');
      if (!entry) {
        throw invalid('event', 'must be one of provider.events (kept: the last limits.events)');
      }
      const raw = build(entry).raw;
      if (flavor.name === 'stripe') {
        if (options.secret === undefined) {
          throw invalid(
            'secret',
            'is required for the Stripe flavor: the whsec_… the Stripe adapter is given',
          );
        }
        // Stripe posts pretty-printed JSON and signs `t.body` with the endpoint secret.
        const body = JSON.stringify(raw, null, 2);
        const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
        return {
          body,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'stripe-signature': `t=${timestamp},v1=${sign(options.secret, timestamp, body)}`,
          },
        };
      }
      return {
        body: JSON.stringify(raw),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'ChargeBee',
          ...(options.basicAuth ? { authorization: basicAuthHeader(options.basicAuth) } : {}),
        },
      };
    },

    async parse(request) {
      if (flavor.name === 'stripe') verifyStripe(request);
      else if (settings.auth) {
        if (!request.headers.authorization)
          throw refusal('the Authorization header is missing (webhookAuth is configured)');
        if (!basicAuthMatches(request.headers.authorization, settings.auth))
          throw refusal('wrong Basic auth');
      }
      let id: unknown;
      try {
        id = (JSON.parse(request.body) as { id?: unknown }).id;
      } catch {
        throw refusal('the webhook body is not JSON');
      }
      const entry = typeof id === 'string' ? byId.get(id) : undefined;
      if (!entry) throw refusal('not an event of this memory provider (or dropped past limits.events)');
      return build(entry);
    },

    clear() {
      entries.clear();
      byId.clear();
      newest = undefined;
    },
  };
}

function invalid(path: string, message: string): ValidationError {
  return new ValidationError({ issues: [{ path, message }], provider: 'memory', context: 'webhookDelivery' });
}

function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}
