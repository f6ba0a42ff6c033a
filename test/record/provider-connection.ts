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
}

/** Stripe's API, with the mode's test key (telemetry off: it would send earlier request ids along). */
export function connectToStripe(mode: RecordMode): ProviderConnection<Stripe> {
  const createSdk = (apiKey = mode.apiKey) => new Stripe(apiKey, { telemetry: false });
  return { setupSdk: createSdk(), createSdk, host: 'api.stripe.com' };
}

/** The mode's Chargebee test site (`https://<site>.chargebee.com`); the SDK's retries are off by default. */
export function connectToChargebee(mode: RecordMode): ProviderConnection<Chargebee> {
  if (mode.site === undefined) throw new Error('record mode (chargebee): no site');
  const site = mode.site;
  const createSdk = (apiKey = mode.apiKey) => new Chargebee({ site, apiKey });
  return { setupSdk: createSdk(), createSdk, host: `${site}.chargebee.com` };
}
