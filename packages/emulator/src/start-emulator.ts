import { createChargebeeDialect } from './chargebee/create-chargebee-dialect.js';
import {
  createEmulatorClock,
  createEmulatorServer,
  type EmulatorServerOptions,
} from './create-emulator-server.js';
import type { AnyEmulatorDialect } from './http/emulator-dialect.js';
import { createStripeDialect } from './stripe/create-stripe-dialect.js';

export interface StartEmulatorOptions {
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  stripe?: { apiVersion?: string };
  chargebee?: { site?: string; voidCreatesCreditNote?: boolean };
  webhooks?: { url: string; secret?: string };
}

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
  hooks: Pick<EmulatorServerOptions, 'onExchange'>,
): Promise<RunningEmulator> {
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
  const server = await createEmulatorServer({
    host,
    port: options.port ?? 0,
    dialects,
    clock,
    ...hooks,
  });
  const { port } = server;
  // An IPv6 literal is bracketed in a URL; the SDKs take the bare host.
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    stripe: { host, port, protocol: 'http' },
    chargebee: { site: host, hostSuffix: '', protocol: 'http', port },
    close: () => server.close(),
  };
}
