import {
  type BillingEvent,
  type ProviderWebhookRequest,
  RAW_BODY_HINT,
  WebhookVerificationError,
} from '@billbridge/core';
import type Stripe from 'stripe';
import { mapStripeEvent, type StripeEventObject } from './map-stripe-event.js';

/** Stripe's own default tolerance for a signature's timestamp, in seconds (stripe-node `DEFAULT_TOLERANCE`). */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

/** The part of stripe-node's `webhooks` object billbridge uses. */
export type StripeWebhooks = Pick<Stripe['webhooks'], 'constructEventAsync'>;

/** How {@link parseStripeWebhook} verifies a delivery. */
export interface ParseStripeWebhookOptions {
  /** The endpoint's signing secrets (`whsec_…`); several while a secret is being rotated. */
  secrets: readonly string[];
  /** Seconds a signature's timestamp may be old (default 300, Stripe's). */
  toleranceSeconds?: number;
  /** The clock the timestamp is checked against. */
  now?: () => Date;
  /** stripe-node's `webhooks` (`Stripe.webhooks`, or an injected client's). */
  webhooks: StripeWebhooks;
}

/**
 * Verifies a Stripe delivery with stripe-node's own `webhooks.constructEventAsync` (HMAC-SHA256
 * of `t.body`, compared by stripe-node in constant time; no HMAC written here) against each
 * configured secret in turn, then maps it with {@link mapStripeEvent}. A refusal is a
 * `WebhookVerificationError` that names the cause; no message names a secret.
 */
export async function parseStripeWebhook(
  request: ProviderWebhookRequest,
  options: ParseStripeWebhookOptions,
): Promise<BillingEvent> {
  const header = request.headers['stripe-signature'];
  if (options.secrets.length === 0) {
    throw refusal(
      'no webhookSecret is configured: give createStripeProvider({ webhookSecret }) the endpoint signing secret (whsec_…, in the endpoint settings of the Stripe Dashboard, or printed by `stripe listen`)',
    );
  }
  if (header === undefined || header === '') {
    throw refusal(
      'the Stripe-Signature header is missing: this request does not come from Stripe, or a proxy in between dropped the header (forward it unchanged)',
    );
  }
  const timestamp = /(?:^|,)\s*t=(\d+)/.exec(header)?.[1];
  if (timestamp === undefined || !/(?:^|,)\s*v1=/.test(header)) {
    throw refusal(
      'the Stripe-Signature header is malformed: it must hold t=<timestamp> and v1=<signature> (forward the header unchanged)',
    );
  }
  if (request.body === '') {
    throw refusal(`the webhook body is empty: ${RAW_BODY_HINT}`);
  }
  const tolerance = options.toleranceSeconds ?? STRIPE_WEBHOOK_TOLERANCE_SECONDS;
  const receivedAt = (options.now?.() ?? new Date()).getTime();
  const verified = await verifyWithAny(request.body, header, options, tolerance, receivedAt);
  if (verified === undefined) {
    // Was it the timestamp? The same check with the tolerance off (stripe-node: 0 skips it) says.
    if ((await verifyWithAny(request.body, header, options, 0, receivedAt)) !== undefined) {
      const age = Math.floor(receivedAt / 1000) - Number(timestamp);
      throw refusal(
        `the signature matches but its timestamp is ${age} s old, outside the ${tolerance} s tolerance: a delayed or replayed delivery, or this server's clock is wrong (check NTP); Stripe retries with a fresh signature`,
      );
    }
    const secrets =
      options.secrets.length === 1
        ? 'the configured webhook secret'
        : `any of the ${options.secrets.length} configured webhook secrets`;
    throw refusal(
      `the signature does not match the body with ${secrets}. Either the body is not the exact bytes Stripe sent (a body parser read it first, or it was re-serialized or re-encoded: ${RAW_BODY_HINT}) or webhookSecret is not this endpoint's signing secret (each endpoint, and test and live mode, has its own whsec_…)`,
    );
  }
  return mapStripeEvent(checkedEvent(verified));
}

async function verifyWithAny(
  body: string,
  header: string,
  options: ParseStripeWebhookOptions,
  tolerance: number,
  receivedAt: number,
): Promise<unknown> {
  for (const secret of options.secrets) {
    try {
      return await options.webhooks.constructEventAsync(
        body,
        header,
        secret,
        tolerance,
        undefined,
        receivedAt,
      );
    } catch (error) {
      if (isSignatureError(error)) continue;
      // Signed, but not something stripe-node builds an event from (not JSON, a thin v2 event).
      throw refusal(
        `the delivery is signed but is not a Stripe snapshot event (${error instanceof SyntaxError ? 'the body is not JSON' : 'stripe-node refused it'}); billbridge reads the events of a webhook endpoint (v1 snapshot payloads)`,
      );
    }
  }
  return undefined;
}

function isSignatureError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === 'StripeSignatureVerificationError'
  );
}

function checkedEvent(value: unknown): StripeEventObject {
  const event = value as Partial<StripeEventObject> | null;
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof event.id !== 'string' ||
    typeof event.type !== 'string' ||
    typeof event.created !== 'number' ||
    typeof event.data?.object !== 'object' ||
    event.data.object === null
  ) {
    throw refusal(
      'the delivery is signed but is not a Stripe event (it needs id, type, created and data.object)',
    );
  }
  return event as StripeEventObject;
}

function refusal(message: string): WebhookVerificationError {
  return new WebhookVerificationError({ message: `stripe: ${message}`, provider: 'stripe' });
}
