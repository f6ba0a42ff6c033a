import { createChargebeeDialect } from './chargebee/create-chargebee-dialect.js';
import {
  createEmulatorClock,
  createEmulatorServer,
  type EmulatorServer,
  type EmulatorServerOptions,
} from './create-emulator-server.js';
import type { AnyEmulatorDialect } from './http/emulator-dialect.js';
import { createStripeDialect, STRIPE_DEFAULT_VERSION } from './stripe/create-stripe-dialect.js';
import { createWebhookSender, type WebhookSenderOptions } from './webhooks/create-webhook-sender.js';

/**
 * Options of `startEmulator`: host (default loopback), port (default a free one), the Stripe API version,
 * Chargebee site settings, and webhook delivery.
 */
export interface StartEmulatorOptions {
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  stripe?: { apiVersion?: string };
  chargebee?: { site?: string; voidCreatesCreditNote?: boolean };
  /**
   * Deliver every state change to `url` as the provider sends it: Stripe events signed with
   * `secret` (none without it), Chargebee events with the URL's `user:password@` as Basic auth.
   */
  webhooks?: { url: string; secret?: string };
}

/**
 * What `startEmulator` returns: its URL and port, the options to hand stripe-node and
 * chargebee-node, and `close()`.
 */
export interface RunningEmulator {
  /** `http://host:port`. */
  url: string;
  port: number;
  /** Exactly the options to hand `new Stripe(key, { ...stripe })`. */
  stripe: { host: string; port: number; protocol: 'http' };
  /** Exactly the options to hand `new Chargebee({ apiKey, ...chargebee })`. */
  chargebee: { site: string; hostSuffix: string; protocol: 'http'; port: number };
  close(): Promise<void>;
}

/**
 * Starts the emulator (DESIGN §14): one `node:http` server with the Stripe v1 routes, the
 * Chargebee v2 routes (the site chosen by the API key: docs/emulator.md) and the control API
 * under `/_emulator/`.
 */
export function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulatorWith(options, {});
}

/** `startEmulator` with the server's test hooks (not exported from the package). */
export async function startEmulatorWith(
  options: StartEmulatorOptions,
  hooks: Pick<EmulatorServerOptions, 'onExchange'> & {
    /** Retry timing of webhook deliveries (tests make it short). */
    webhookRetry?: Pick<WebhookSenderOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs'>;
  } = {},
): Promise<RunningEmulator & { webhooksIdle(): Promise<void>; dispatch: EmulatorServer['dispatch'] }> {
  const { webhookRetry, ...serverHooks } = hooks;
  const host = options.host ?? '127.0.0.1';
  const clock = createEmulatorClock();
  const stripe = createStripeDialect({
    clock,
    ...(options.stripe?.apiVersion !== undefined ? { apiVersion: options.stripe.apiVersion } : {}),
  });
  const chargebee = createChargebeeDialect({
    clock,
    ...(options.chargebee?.site !== undefined ? { defaultSite: options.chargebee.site } : {}),
    ...(options.chargebee?.voidCreatesCreditNote !== undefined
      ? { voidCreatesCreditNote: options.chargebee.voidCreatesCreditNote }
      : {}),
  });
  const dialects: AnyEmulatorDialect[] = [stripe, chargebee];
  const sender = options.webhooks
    ? createWebhookSender({
        ...webhookRetry,
        url: options.webhooks.url,
        ...(options.webhooks.secret !== undefined ? { secret: options.webhooks.secret } : {}),
        stripeApiVersion: options.stripe?.apiVersion ?? STRIPE_DEFAULT_VERSION,
      })
    : undefined;
  const server = await createEmulatorServer({
    host,
    port: options.port ?? 0,
    dialects,
    clock,
    ...serverHooks,
    ...(sender
      ? {
          onStateCreated: (dialect, account, state) => sender.onStateCreated(dialect, account, state),
          afterMutation: (dialect, account) => sender.afterMutation(dialect, account),
          onReset: () => sender.onReset(),
        }
      : {}),
  });
  const { port } = server;
  // An IPv6 literal is bracketed in a URL; the SDKs take the bare host.
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    stripe: { host, port, protocol: 'http' },
    chargebee: { site: host, hostSuffix: '', protocol: 'http', port },
    close: () => {
      sender?.close();
      return server.close();
    },
    webhooksIdle: () => sender?.idle() ?? Promise.resolve(),
    dispatch: server.dispatch,
  };
}
