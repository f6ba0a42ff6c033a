import path from 'node:path';
import { type BillingClient, createBillingClient } from '@billbridge/core';
import { type Cassette, type CassettePlayer, playCassette } from '@billbridge/testing';
import { type ChargebeeProvider, createChargebeeProvider } from '../../src/index.js';
import { documentedCassette, SITE } from './chargebee-fixtures.js';

export const CASSETTES = path.resolve(import.meta.dirname, '../../../../test/cassettes/chargebee');

/** A key that must never show up in an error, its JSON or a cassette. */
export const API_KEY = 'test_cbKeyThatMustNeverLeak0123456789';

export interface ChargebeeHarness {
  player: CassettePlayer;
  provider: ChargebeeProvider;
  client: BillingClient;
}

/** Plays `name` (a file under test/cassettes/chargebee, or an inline cassette) under a Chargebee provider and a client without retries. */
export function chargebeeHarness(
  name: string | Cassette,
  options: { voidCreatesCreditNote?: boolean } = {},
): ChargebeeHarness {
  const player = playCassette(typeof name === 'string' ? path.join(CASSETTES, name) : name);
  const provider = createChargebeeProvider({
    site: SITE,
    apiKey: API_KEY,
    voidCreatesCreditNote: options.voidCreatesCreditNote ?? false,
  });
  const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
  return { player, provider, client };
}

/** An inline cassette for this test site. */
export function inlineCassette(interactions: Cassette['interactions'], description = 'inline'): Cassette {
  return documentedCassette(description, interactions);
}
