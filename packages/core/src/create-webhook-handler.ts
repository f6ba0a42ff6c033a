import * as z from 'zod';
import type { BillingClient } from './billing-client.js';
import type { BillingEvent } from './billing-event.js';
import { DEFAULT_DEDUPE_TTL_MS, type DedupeStore } from './dedupe-store.js';
import { BillingError } from './errors/billing-error.js';
import { generateIdempotencyKey } from './idempotency-key.js';
import { parseInput } from './parse-input.js';

/** What `onEvent` is given besides the event. */
export interface WebhookEventContext {
  /** The request the event came in (already read: use its headers, not its body). */
  request: Request;
  /** The dedupe key the delivery was claimed under (`provider:accountId:eventId`). */
  dedupeKey: string;
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** The client whose provider verifies deliveries (`billing.parseWebhook`). */
  billing: Pick<BillingClient, 'parseWebhook'>;
  /** Where deliveries are claimed: `createMemoryDedupeStore()` for one process, `createPostgresDedupeStore()` for several. */
  dedupe: DedupeStore;
  /** Handles one event, once. Throw to have the provider retry the delivery (the claim is released). */
  onEvent: (event: BillingEvent, context: WebhookEventContext) => unknown | Promise<unknown>;
  /** How long a handled event is remembered (default 7 days). */
  ttlMs?: number;
  /** How long a delivery being handled holds its claim before another may take over (default 5 minutes). */
  inFlightTtlMs?: number;
  /** Told about refused deliveries, failing `onEvent`s and store errors (for logs; never a secret in them). */
  onError?: (error: unknown, event: BillingEvent | undefined) => void;
}

const optionsSchema = z.strictObject({
  billing: z.custom<Pick<BillingClient, 'parseWebhook'>>(
    (value) => typeof (value as BillingClient | null)?.parseWebhook === 'function',
    'must be a billing client (createBillingClient(...))',
  ),
  dedupe: z
    .custom<DedupeStore>(
      (value) =>
        typeof (value as DedupeStore | null)?.claim === 'function' &&
        typeof (value as DedupeStore | null)?.release === 'function',
      'must be a DedupeStore (createMemoryDedupeStore(), createPostgresDedupeStore({ pool }))',
    )
    // Half a lease store answers wrongly: with `complete` alone a retry of an event still being
    // handled got 200 (the provider stops sending it, and the first delivery may yet fail); with
    // `state` alone nothing is ever `completed`, so every duplicate got 409 for the whole TTL.
    .refine(
      (store) => (typeof store.complete === 'function') === (typeof store.state === 'function'),
      'must have both complete() and state(), or neither (then each claim is held for ttlMs)',
    ),
  onEvent: z.custom<WebhookHandlerOptions['onEvent']>(
    (value) => typeof value === 'function',
    'must be a function',
  ),
  ttlMs: z.int().min(1).optional(),
  inFlightTtlMs: z.int().min(1).optional(),
  onError: z
    .custom<NonNullable<WebhookHandlerOptions['onError']>>((value) => typeof value === 'function')
    .optional(),
});

/** The dedupe key of an event: `provider:accountId:eventId` (DESIGN §13). */
export function webhookDedupeKey(event: Pick<BillingEvent, 'provider' | 'accountId' | 'id'>): string {
  return `${event.provider}:${event.accountId ?? ''}:${event.id}`;
}

/**
 * A Fetch-API webhook endpoint (`Request` → `Response`): Next.js route handlers, Hono, Bun, Deno
 * as they are; Express and `node:http` through `toNodeListener`. Per delivery:
 *
 * - 400: refused by `billing.parseWebhook` (not the raw body, bad signature or auth, …);
 * - 200 `{ received: true, duplicate: true }`: already handled, `onEvent` is not called again;
 * - 409: the same event is being handled by another delivery right now (the provider retries);
 * - 500: `onEvent` threw (the claim is released, so the retry is handled) or the store failed;
 * - 200 `{ received: true }`: `onEvent` returned.
 */
export function createWebhookHandler(
  options: WebhookHandlerOptions,
): (request: Request) => Promise<Response> {
  const parsed = parseInput(optionsSchema, options, { context: 'createWebhookHandler' });
  const { billing, dedupe, onEvent } = parsed;
  const ttlMs = parsed.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
  const leases = dedupe.complete !== undefined;
  const inFlightTtlMs = Math.min(parsed.inFlightTtlMs ?? 5 * 60 * 1000, ttlMs);
  const report = (error: unknown, event: BillingEvent | undefined) => {
    try {
      parsed.onError?.(error, event);
    } catch {
      // A failing logger must not change the answer.
    }
  };

  return async function handleWebhook(request: Request): Promise<Response> {
    if (request.method !== 'POST') {
      return json(405, { error: 'method_not_allowed', message: 'webhooks are POSTed' }, { allow: 'POST' });
    }
    let event: BillingEvent;
    try {
      event = await billing.parseWebhook({ body: await request.text(), headers: request.headers });
    } catch (error) {
      report(error, undefined);
      const refused = BillingError.isInstance(error) && !error.retryable;
      return refused
        ? json(400, { error: error.code, message: error.message })
        : json(500, { error: 'webhook_failed', message: 'the delivery could not be read' });
    }
    const dedupeKey = webhookDedupeKey(event);
    // This delivery's name in the store: its release gives back its own claim only.
    const owner = generateIdempotencyKey();
    let claimed: boolean;
    try {
      claimed = await dedupe.claim(dedupeKey, leases ? inFlightTtlMs : ttlMs, owner);
      if (!claimed) {
        // Only a key known to be handled is a duplicate: in flight, or released a moment ago, is
        // answered 409 so the provider delivers it again.
        const state = dedupe.state ? await dedupe.state(dedupeKey) : 'completed';
        return state === 'completed'
          ? json(200, { received: true, duplicate: true })
          : json(
              409,
              { error: 'in_flight', message: 'this event is being handled; retry later' },
              { 'retry-after': '30' },
            );
      }
    } catch (error) {
      report(error, event);
      return json(500, { error: 'dedupe_failed', message: 'the dedupe store failed; retry later' });
    }
    try {
      await onEvent(event, { request, dedupeKey });
    } catch (error) {
      report(error, event);
      try {
        await dedupe.release(dedupeKey, owner);
      } catch (releaseError) {
        report(releaseError, event);
      }
      return json(500, {
        error: 'on_event_failed',
        message: 'the event handler failed; the provider will retry',
      });
    }
    if (leases) {
      try {
        await dedupe.complete?.(dedupeKey, ttlMs, owner);
      } catch (error) {
        // Handled all the same; a retry after the lease would be handled again.
        report(error, event);
      }
    }
    return json(200, { received: true });
  };
}

function json(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
