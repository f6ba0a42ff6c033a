import { randomBytes } from 'node:crypto';
import type { BillingEvent } from '@billbridge/core';
import { createMemoryWebhooks, type MemoryState, type MemoryWebhooks } from '@billbridge/memory';
import { accountSeed } from '../account-seed.js';
import type { AnyEmulatorDialect } from '../http/emulator-dialect.js';

/** Where and how the emulator delivers webhooks: the receiving URL, the Stripe signing secret, retry bounds. */
export interface WebhookSenderOptions {
  /** Where every delivery is POSTed; `user:password@` in it is Chargebee's webhook Basic auth. */
  url: string;
  /** Stripe's endpoint secret (`whsec_…`); without it Stripe events are not sent (Stripe always signs). */
  secret?: string;
  /** The `api_version` of Stripe events (the account's default version). */
  stripeApiVersion: string;
  /** Attempts per event (default 6), the first included. */
  attempts?: number;
  /** First retry delay (default 500 ms), doubled each retry up to `maxDelayMs` (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt (default 10 s); a timeout is a failed attempt. */
  timeoutMs?: number;
}

/** The server hooks that deliver webhooks, and `close()` to stop retrying. */
export interface WebhookSender {
  onStateCreated(dialect: AnyEmulatorDialect, account: string, state: unknown): void;
  afterMutation(dialect: AnyEmulatorDialect, account: string): void;
  /**
   * A reset (`POST /_emulator/reset`): every account's queued and retrying deliveries are dropped,
   * as its state is, so a test that resets gets no webhook of the state before.
   */
  onReset(): void;
  /** Resolves once every event queued so far was delivered or given up (tests). */
  idle(): Promise<void>;
  close(): void;
}

interface AccountFeed {
  webhooks: MemoryWebhooks;
  recorded: (() => BillingEvent)[];
  /** The account's deliveries in order: each waits for the one before. */
  queue: Promise<void>;
  /** Set by a reset: what is queued or retrying is dropped. */
  stopped: boolean;
}

/**
 * Delivers each state change of every account as its provider sends it (`provider.webhookDelivery`
 * of the memory package: Stripe signed with `secret`, Chargebee with the URL's Basic auth), at least
 * once: an attempt that gets no 2xx (another status, a connection error, a timeout) is retried with
 * doubling delays, a bounded number of times. Events of one account go out in order, one at a
 * time, as Stripe does not promise but a test can rely on (docs/emulator.md). `close()` stops.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const target = webhookTarget(options.url);
  const basicAuth = target.username
    ? { username: decodeURIComponent(target.username), password: decodeURIComponent(target.password) }
    : undefined;
  target.username = '';
  target.password = '';
  const endpoint = target.toString();
  const attempts = options.attempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const feeds = new Map<string, AccountFeed>();
  /** How many times each account's state was made: a reset makes it again (`POST /_emulator/reset`). */
  const generations = new Map<string, number>();
  const waits = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  const inFlight = new Set<AbortController>();
  /** The queues of feeds a reset stopped, until `idle()` has seen them end. */
  const stoppedQueues = new Set<Promise<void>>();
  // Event ids differ from one emulator process to the next: a receiver's dedupe store kept across
  // a restart (Postgres, 7 days) would drop a new run's events as duplicates of the last run's
  // (until 2026-12-07 every process began the same sequence). Object ids stay deterministic.
  const processSalt = randomBytes(6).toString('hex');
  let closed = false;

  const keyOf = (dialect: AnyEmulatorDialect, account: string) => `${dialect.name}\u0000${account}`;

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wait = {
        done: () => {
          waits.delete(wait);
          resolve();
        },
        timer: setTimeout(() => wait.done(), ms),
      };
      waits.add(wait);
    });
  }

  async function attempt(body: string, headers: Record<string, string>): Promise<boolean> {
    const controller = new AbortController();
    inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      // Not followed: Stripe counts any status outside 2xx, 3xx included, as not received, and
      // Chargebee does not follow redirects; a followed 302 to a login page passed as delivered.
      const response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      await response.arrayBuffer();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  async function deliver(dialect: AnyEmulatorDialect, feed: AccountFeed, event: BillingEvent) {
    for (let tried = 0; tried < attempts && !closed && !feed.stopped; tried += 1) {
      if (tried > 0) await pause(Math.min(maxDelayMs, baseDelayMs * 2 ** (tried - 1)));
      if (closed || feed.stopped) return;
      let delivery: { body: string; headers: Record<string, string> };
      try {
        // Made per attempt: Stripe signs each attempt with its own timestamp.
        delivery = feed.webhooks.delivery(
          event,
          dialect.name === 'stripe' ? { secret: options.secret as string } : basicAuth ? { basicAuth } : {},
        );
      } catch {
        return; // The event was dropped past the kept events: nothing left to send.
      }
      if (await attempt(delivery.body, delivery.headers)) return;
    }
  }

  return {
    onStateCreated(dialect, account, state) {
      const memory: MemoryState | undefined = dialect.memoryState?.(state);
      if (!memory || (dialect.name === 'stripe' && options.secret === undefined)) return;
      const recorded: (() => BillingEvent)[] = [];
      const key = keyOf(dialect, account);
      const generation = generations.get(key) ?? 0;
      generations.set(key, generation + 1);
      const webhooks = createMemoryWebhooks(memory, {
        apiVersion: dialect.name === 'stripe' ? options.stripeApiVersion : undefined,
        keep: 10_000,
        secrets: [],
        auth: undefined,
        onRecorded: (event) => recorded.push(event),
        // Event ids of their own per account, and per reset of it: two accounts' events, or an
        // account's events before and after a reset, never share an id (a receiver that dedupes
        // by event id, its store kept across the reset, would drop the later ones).
        idSeed: accountSeed(`${processSalt}:${dialect.name}:${account}#${generation}`),
      });
      feeds.set(key, { webhooks, recorded, queue: Promise.resolve(), stopped: false });
    },
    afterMutation(dialect, account) {
      const feed = feeds.get(keyOf(dialect, account));
      if (!feed || closed) return;
      for (const make of feed.recorded.splice(0)) {
        const event = make();
        feed.queue = feed.queue.then(() => deliver(dialect, feed, event));
      }
    },
    onReset() {
      for (const feed of feeds.values()) {
        feed.stopped = true;
        feed.recorded.length = 0;
        const queue = feed.queue;
        stoppedQueues.add(queue);
        void queue.then(() => stoppedQueues.delete(queue));
      }
      feeds.clear();
      // Retry waits end now (each stopped feed then returns) and attempts in flight are aborted.
      for (const wait of [...waits]) {
        clearTimeout(wait.timer);
        wait.done();
      }
      for (const controller of inFlight) controller.abort();
    },
    async idle() {
      await Promise.all([...stoppedQueues, ...[...feeds.values()].map((feed) => feed.queue)]);
    },
    close() {
      closed = true;
      for (const wait of [...waits]) {
        clearTimeout(wait.timer);
        wait.done();
      }
      for (const controller of inFlight) controller.abort();
    },
  };
}

/**
 * The webhook URL parsed. Node's own `TypeError` for a bad one carries the URL as `input`, and its
 * `user:password@` is the Chargebee webhooks' Basic auth, so the error is billbridge's own.
 */
function webhookTarget(url: string): URL {
  if (!URL.canParse(url)) throw new TypeError('webhooks.url must be an absolute http(s) URL');
  return new URL(url);
}
