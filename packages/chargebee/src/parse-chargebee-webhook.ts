import {
  type BasicAuthCredentials,
  type BillingEvent,
  basicAuthMatches,
  type ProviderWebhookRequest,
  RAW_BODY_HINT,
  WebhookVerificationError,
} from '@billbridge/core';
import { type ChargebeeEventObject, mapChargebeeEvent } from './map-chargebee-event.js';

/** How {@link parseChargebeeWebhook} checks a delivery. */
export interface ParseChargebeeWebhookOptions {
  /** The webhook's Basic auth; without it every delivery is taken on trust (Chargebee does not sign). */
  auth?: BasicAuthCredentials;
  /** The site the events come from (`acme-test`): the event's `accountId`. */
  site?: string;
}

/**
 * Checks a Chargebee delivery: the Basic auth in constant time (`basicAuthMatches`: SHA-256
 * digests compared with `crypto.timingSafeEqual`), a JSON event, `api_version` `v2` (the v1 shape
 * differs and billbridge's mappers read v2). Maps it with {@link mapChargebeeEvent}. A refusal is a
 * `WebhookVerificationError` that says what to fix; no message holds a credential.
 */
export async function parseChargebeeWebhook(
  request: ProviderWebhookRequest,
  options: ParseChargebeeWebhookOptions,
): Promise<BillingEvent> {
  if (options.auth) {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw refusal(
        'the Authorization header is missing: turn on "Protect webhook URL with basic authentication" in the webhook\'s settings in Chargebee, with the username and password of webhookAuth (and forward the header unchanged)',
      );
    }
    if (!basicAuthMatches(header, options.auth)) {
      throw refusal(
        "wrong Basic auth: the webhook's username and password in Chargebee differ from webhookAuth (or the header is not Basic credentials)",
      );
    }
  }
  if (request.body.trim() === '') throw refusal(`the webhook body is empty: ${RAW_BODY_HINT}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    throw refusal(`the webhook body is not JSON: ${RAW_BODY_HINT}`);
  }
  const event = parsed as Partial<ChargebeeEventObject> | null;
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof event.id !== 'string' ||
    typeof event.event_type !== 'string' ||
    typeof event.occurred_at !== 'number' ||
    typeof event.content !== 'object' ||
    event.content === null
  ) {
    throw refusal('the body is not a Chargebee event (it needs id, event_type, occurred_at and content)');
  }
  if (event.api_version !== 'v2') {
    throw refusal(
      `the event's api_version is ${JSON.stringify(event.api_version ?? null)}; billbridge reads v2 events: set the webhook's API version to v2 in Chargebee (Settings → Webhooks)`,
    );
  }
  return mapChargebeeEvent(event as ChargebeeEventObject, options.site);
}

function refusal(message: string): WebhookVerificationError {
  return new WebhookVerificationError({ message: `chargebee: ${message}`, provider: 'chargebee' });
}
