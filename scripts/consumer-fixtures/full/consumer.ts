// Type-checked by the consumer test under `node16` and `bundler` resolution, strict.
import {
  type BulkDatabase,
  openBulkDatabase,
  type PgBossBulkStatus,
  runPgBossWorker,
} from '@billbridge/bulk';
import { type ChargebeeProvider, createChargebeeProvider } from '@billbridge/chargebee';
import { type BillingClient, createBillingClient as createCoreClient, type Money } from '@billbridge/core';
import {
  createMemoryProvider,
  type MemoryProvider,
  type memoryProviderSettingsSchema,
} from '@billbridge/memory';
import { createStripeProvider, type StripeProvider } from '@billbridge/stripe';
import type { describeProviderContract } from '@billbridge/testing';
import { type BillbridgeConfig, createBillingClient, ValidationError } from 'billbridge';
import { stripeCheckoutBalanceSettings } from 'billbridge/stripe';

/** `true` only when `T` is `any` (what a type becomes when its module cannot be resolved). */
type IsAny<T> = 0 extends 1 & T ? true : false;
const schemaResolved: IsAny<typeof memoryProviderSettingsSchema> = false;
const clientResolved: IsAny<StripeProvider['client']> = false;
const contractResolved: IsAny<typeof describeProviderContract> = false;
// The pg-boss engine's public types are its own: no @types/pg, no pg-boss in this project.
const bulkResolved: IsAny<BulkDatabase['boss']> = false;
const bulkQueryResolved: IsAny<Awaited<ReturnType<BulkDatabase['query']>>> = false;
const bulkStatus = (status: PgBossBulkStatus): number => status.summary.total;

const config: BillbridgeConfig = { provider: 'memory', memory: { flavor: 'stripe' } };
const billing: BillingClient = createBillingClient(config);
const memory: MemoryProvider = createMemoryProvider({ flavor: 'chargebee' });
const core: BillingClient = createCoreClient({ provider: memory });
const stripe: StripeProvider = createStripeProvider({ apiKey: 'sk_test_types' });
const chargebee: ChargebeeProvider = createChargebeeProvider({ site: 'acme-test', apiKey: 'test_types' });
const amount: Money = { amount: 1500, currency: 'usd' };
export const used = [
  schemaResolved,
  clientResolved,
  contractResolved,
  bulkResolved,
  bulkQueryResolved,
  bulkStatus,
  openBulkDatabase,
  runPgBossWorker,
  billing.provider,
  core.capabilities,
  stripe.apiVersion,
  chargebee.voidCreatesCreditNote,
  amount,
  ValidationError,
  stripeCheckoutBalanceSettings,
];
