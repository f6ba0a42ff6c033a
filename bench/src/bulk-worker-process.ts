import { rateLimitProvider, runPgBossWorker } from '@billbridge/bulk';
import { createBillingClient } from '@billbridge/core';
import { createStripeProvider } from '@billbridge/stripe';
import Stripe from 'stripe';

/**
 * One pg-boss worker process of the bulk benchmark (`measure-bulk-workers.ts` starts it with the
 * same Node flags as the bench): works every job of the database off against the emulator, one
 * Stripe client per connected account, then prints what it did and the CPU it used as one JSON line.
 */
const settings = JSON.parse(process.env.BULK_BENCH_WORKER ?? '{}') as {
  connectionString: string;
  stripe: { host: string; port: number; protocol: 'http' };
  apiKey: string;
  maxAccounts: number;
  concurrency: number;
};
const providers = new Map<string, ReturnType<typeof createStripeProvider>>();
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
const report = await runPgBossWorker({
  database: { connectionString: settings.connectionString },
  maxAccounts: settings.maxAccounts,
  concurrency: settings.concurrency,
  exitWhenIdle: true,
  timings: { pollIntervalSeconds: 0.5 },
  clientFor({ account }, limiter) {
    let provider = providers.get(account);
    if (!provider) {
      const client = new Stripe(settings.apiKey, {
        ...settings.stripe,
        stripeAccount: account,
        maxNetworkRetries: 0,
      });
      provider = createStripeProvider({ client });
      providers.set(account, provider);
    }
    return createBillingClient({ provider: rateLimitProvider(provider, limiter) });
  },
});
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    settled: report.settled,
    leases: report.leases,
    cpuMs: (used.user + used.system) / 1000,
    wallMs: Number(process.hrtime.bigint() - started) / 1e6,
  })}\n`,
);
