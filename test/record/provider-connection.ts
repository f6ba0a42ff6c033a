import { parseApiBase } from '@billbridge/core';
import type { RecordMode } from '@billbridge/testing';
import Chargebee from 'chargebee';
import Stripe from 'stripe';

/** The SDK clients a recording uses, and the host its setup talks to. */
export interface ProviderConnection<Sdk> {
  /** The raw SDK client the scenarios' setup uses (not recorded). */
  setupSdk: Sdk;
  /** A new SDK client for the recorded calls; `apiKey` replaces the mode's key. */
  createSdk(apiKey?: string): Sdk;
  /** Setup requests go to this host; nock lets them through during setup only. */
  host: string;
  /** With the emulator: adds a fault rule through its control API (during setup). */
  injectFault?(rule: Record<string, unknown>): Promise<void>;
}

/** The emulator's `POST /_emulator/faults` at `apiBase`. */
function faultInjector(apiBase: string) {
  return async (rule: Record<string, unknown>) => {
    const response = await fetch(new URL('/_emulator/faults', apiBase), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rule),
    });
    if (!response.ok) throw new Error(`the emulator refused the fault rule: ${await response.text()}`);
  };
}

/**
 * Stripe's API, with the mode's test key (telemetry off: it would send earlier request ids along),
 * or the server at `apiBase` (the billbridge emulator: `BILLBRIDGE_STRIPE_API_BASE`, `--emulator`).
 */
export function connectToStripe(mode: RecordMode, apiBase?: string): ProviderConnection<Stripe> {
  const endpoint = apiBase === undefined ? undefined : parseApiBase(apiBase);
  const createSdk = (apiKey = mode.apiKey) =>
    new Stripe(apiKey, { telemetry: false, ...(endpoint ? { ...endpoint, maxNetworkRetries: 0 } : {}) });
  return {
    setupSdk: createSdk(),
    createSdk,
    host: endpoint?.host ?? 'api.stripe.com',
    ...(apiBase !== undefined ? { injectFault: faultInjector(apiBase) } : {}),
  };
}

/**
 * The mode's Chargebee test site (`https://<site>.chargebee.com`; the SDK's retries are off by
 * default), or the server at `apiBase`: chargebee v3 then sends to that host, so the site can't be
 * in the host name; the billbridge emulator picks it by the key (docs/emulator.md).
 */
export function connectToChargebee(mode: RecordMode, apiBase?: string): ProviderConnection<Chargebee> {
  if (mode.site === undefined) throw new Error('record mode (chargebee): no site');
  const site = mode.site;
  const endpoint = apiBase === undefined ? undefined : parseApiBase(apiBase);
  const createSdk = (apiKey = mode.apiKey) =>
    endpoint
      ? new Chargebee({
          site: endpoint.host,
          hostSuffix: '',
          protocol: endpoint.protocol,
          port: endpoint.port,
          apiKey,
        })
      : new Chargebee({ site, apiKey });
  return {
    setupSdk: createSdk(),
    createSdk,
    host: endpoint?.host ?? `${site}.chargebee.com`,
    ...(apiBase !== undefined ? { injectFault: faultInjector(apiBase) } : {}),
  };
}
