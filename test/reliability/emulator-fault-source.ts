import type { BillingProvider } from '@billbridge/core';
import { emulatorControl } from '../../packages/billbridge/test/cli/support/seed-emulator-invoices.js';
import type { RunningEmulator } from '../../packages/emulator/src/start-emulator.js';
import type { SchemaCheckedEmulator } from '../../packages/emulator/test/support/schema-checked-emulator.js';
import type { FaultSource, FaultSourceRun } from './describe-adapter-fault-matrix.js';
import { emulatorFaultRule } from './emulator-fault-rule.js';
import { faults } from './fault-matrix.js';
import { voidWithMatrixPolicy } from './fault-run.js';

/** One provider's side of the matrix over the emulator. */
export interface EmulatorFaultTarget {
  provider: 'stripe' | 'chargebee';
  /** The account the seeded invoice lives in (Stripe account id, Chargebee site). */
  account: string;
  voidPath(invoiceId: string): string;
  /** Through the provider's SDK: a customer with `credit`, an open invoice with that credit applied. */
  seedOpenInvoice(
    emulator: RunningEmulator,
    credit: number,
  ): Promise<{ invoiceId: string; customerId: string }>;
  makeProvider(emulator: RunningEmulator): BillingProvider;
}

/** Customer credit applied to each seeded invoice (minor units): it comes back once on a void. */
const CREDIT = 500;

interface SnapshotCustomer {
  id: string;
  balances: { promotional: number };
  ledger: { reason: string; invoiceId?: string; amount: number }[];
}
interface Snapshot {
  customers: SnapshotCustomer[];
  invoices: { id: string; status: string }[];
}

/**
 * The fault matrix's faults from the emulator's fault rules over real sockets (emulator-fault-rule.ts).
 * Each run resets the emulator, seeds an open invoice through the SDK, injects the rule and voids
 * through the adapter. What happened is read from the emulator, not from the client: the request
 * log gives the void attempts, reads and idempotency keys; the state gives how often the void took
 * effect (the credit's `returned_on_void` ledger entries), checked against the log (requests that
 * ran without being replayed), the invoice's status and the customer's exact balance.
 */
export function emulatorFaultSource(
  target: EmulatorFaultTarget,
  emulator: SchemaCheckedEmulator,
): FaultSource {
  async function prepare() {
    const running = emulator;
    const control = emulatorControl(running.url);
    await control.reset();
    const seeded = await target.seedOpenInvoice(running, CREDIT);
    await control.clearRequests();
    return { running, control, ...seeded, voidPath: target.voidPath(seeded.invoiceId) };
  }
  return {
    name: 'the emulator (real sockets)',
    async run(fault, times) {
      const { running, control, invoiceId, customerId, voidPath } = await prepare();
      await control.addFault(emulatorFaultRule(target.provider, fault, voidPath, times));
      const started = performance.now();
      const voided = await voidWithMatrixPolicy(target.makeProvider(running), invoiceId);
      const tookMs = Math.round(performance.now() - started);
      const log = await control.requests(`?provider=${target.provider}`);
      const voidRequests = log.filter((entry) => entry.method === 'POST' && entry.path === voidPath);
      const reads = log.filter((entry) => entry.method === 'GET');
      const problems = log
        .filter((entry) => !voidRequests.includes(entry) && !reads.includes(entry))
        .map((entry) => `unexpected ${entry.method} ${entry.path}`);
      const state = await control.state<Snapshot>(target.provider, target.account);
      const customer = state.customers.find((each) => each.id === customerId)!;
      const invoice = state.invoices.find((each) => each.id === invoiceId)!;
      const timesVoided = customer.ledger.filter(
        (entry) => entry.reason === 'returned_on_void' && entry.invoiceId === invoiceId,
      ).length;
      // The log's view: void requests that ran the endpoint and were not replays: answered 200, or
      // with no answer (yet) because the connection was reset, or the answer is still held, after it ran.
      const ranThenLost = new Set(['reset-after', 'delay-after']);
      const ran = voidRequests.filter(
        (entry) =>
          !entry.replayed &&
          (entry.status === 200 || (entry.status === null && ranThenLost.has(entry.fault ?? ''))),
      ).length;
      if (ran !== timesVoided)
        problems.push(`the log shows ${ran} voids that ran, the ledger ${timesVoided}`);
      if ((invoice.status === 'void') !== (timesVoided === 1))
        problems.push(`invoice ${invoice.status} after ${timesVoided} voids`);
      const balance = timesVoided === 1 ? CREDIT : 0;
      if (customer.balances.promotional !== balance)
        problems.push(`customer credit ${customer.balances.promotional}, expected ${balance}`);
      return {
        ...voided,
        attempts: voidRequests.length,
        reads: reads.length,
        keys: voidRequests.map((entry) => entry.idempotencyKey ?? undefined),
        voids: timesVoided as 0 | 1,
        timesVoided,
        problems,
        trace: traceOf(fault.id, times, tookMs, log),
      } satisfies FaultSourceRun;
    },
    async abortFixture() {
      const { running, control, invoiceId, voidPath } = await prepare();
      const unavailable = faults.find((fault) => fault.id === '503')!;
      return {
        provider: target.makeProvider(running),
        invoiceId,
        failAlways: async () => {
          await control.addFault(emulatorFaultRule(target.provider, unavailable, voidPath, 100));
        },
        voidAttempts: async () =>
          (await control.requests(`?provider=${target.provider}&method=POST`)).filter(
            (entry) => entry.path === voidPath,
          ).length,
      };
    },
  };
}

/** The failure message's account of one run: how long the void took, and what the emulator logged. */
function traceOf(
  faultId: string,
  times: number,
  tookMs: number,
  log: Awaited<ReturnType<ReturnType<typeof emulatorControl>['requests']>>,
): string {
  const requests = log.map(
    (entry) =>
      `#${entry.seq} ${entry.at} ${entry.method} ${entry.path} fault=${entry.fault ?? '-'} status=${entry.status ?? '-'}${entry.replayed ? ' replayed' : ''}`,
  );
  return [`${faultId} on ${times} request(s); the void took ${tookMs} ms (real)`, ...requests].join('\n');
}
