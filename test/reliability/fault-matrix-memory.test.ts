import {
  type BillingError,
  ConflictError,
  ConnectionError,
  createBillingClient,
  ProviderUnavailableError,
  RateLimitError,
} from '@billbridge/core';
import { createMemoryProvider, type MemoryProvider } from '@billbridge/memory';
import { describe, expect, it } from 'vitest';
import { cellFor, type Fault, faults } from './fault-matrix.js';
import {
  abortScenarios,
  expectPersistentRun,
  expectTransientRun,
  type VoidRun,
  voidWithMatrixPolicy,
} from './fault-run.js';

/** The error the memory provider throws for each fault: what the adapters map the real fault to. */
function faultError(fault: Fault): () => BillingError {
  const provider = 'memory';
  switch (fault.id) {
    case 'reset-before-response':
    case 'reset-after-sent':
      return () => new ConnectionError({ provider, message: 'memory: socket hang up (ECONNRESET)' });
    case 'timeout':
      return () => new ConnectionError({ provider, message: 'memory: the request timed out after 400 ms' });
    case '429-retry-after':
    case '429-retry-after-too-long':
      return () =>
        new RateLimitError({
          provider,
          message: 'memory: rate limited',
          retryAfterMs: fault.retryAfterSeconds! * 1000,
        });
    case '429-no-retry-after':
      return () => new RateLimitError({ provider, message: 'memory: rate limited' });
    case '409-lock':
      return () => new ConflictError({ provider, status: 409, message: 'memory: lock conflict' });
    case '500':
      return () => new ProviderUnavailableError({ provider, status: 500, message: 'memory: internal error' });
    case '503':
      return () => new ProviderUnavailableError({ provider, status: 503, message: 'memory: unavailable' });
    case '502-non-json':
      return () =>
        new ProviderUnavailableError({ provider, status: 502, message: 'memory: not the API (HTML 502)' });
  }
}

function seeded(): { memory: MemoryProvider; invoiceId: string; customerId: string } {
  const memory = createMemoryProvider({ flavor: 'stripe' });
  const customer = memory.createCustomer({ currency: 'usd', credit: 500 });
  const invoice = memory.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] });
  memory.finalizeInvoice(invoice.id);
  return { memory, invoiceId: invoice.id, customerId: customer.customerId };
}

async function runMemoryFault(
  fault: Fault,
  times: number,
): Promise<VoidRun & { credit: number; returns: number }> {
  const { memory, invoiceId, customerId } = seeded();
  memory.failNext('voidInvoice', faultError(fault), { times, effect: fault.effect });
  const voided = await voidWithMatrixPolicy(memory, invoiceId);
  const billing = createBillingClient({ provider: memory });
  const voidCalls = memory.calls.filter((call) => call.operation === 'voidInvoice');
  const ledger = memory.ledger(customerId);
  const returns = ledger.filter((entry) => entry.reason === 'returned_on_void').length;
  const invoice = await billing.getInvoice(invoiceId);
  return {
    attempts: voidCalls.length,
    // The test's own read afterwards is not counted.
    reads: memory.calls.filter((call) => call.operation === 'getInvoice').length - 1,
    keys: voidCalls.map((call) => call.idempotencyKey),
    ...voided,
    voids: invoice.status === 'void' ? 1 : 0,
    returns,
    credit: ledger.reduce((sum, entry) => sum + entry.amount, 0),
  };
}

describe('fault matrix: memory provider (failNext)', () => {
  for (const fault of faults) {
    it(`${fault.label}: bounded attempts, one key, the matrix's result, voided at most once`, async () => {
      const cell = cellFor('memory', fault.id);
      const persistent = await runMemoryFault(fault, 10);
      expectPersistentRun(cell, fault, persistent);
      // Money: the 500 of applied credit came back exactly once if the invoice was voided, never twice.
      expect(persistent.returns).toBe(persistent.voids);
      expect(persistent.credit).toBe(persistent.voids ? 500 : 0);

      const transient = await runMemoryFault(fault, 1);
      expectTransientRun(cell, transient);
      expect(transient.returns).toBe(transient.voids);
    });
  }
});

describe('abort and reconciliation: memory provider', () => {
  abortScenarios(async () => {
    const { memory, invoiceId } = seeded();
    return {
      provider: memory,
      invoiceId,
      failAlways: () =>
        memory.failNext(
          'voidInvoice',
          () => new ProviderUnavailableError({ provider: 'memory', status: 503, message: 'down' }),
          {
            times: 10,
          },
        ),
      voidAttempts: () => memory.calls.filter((call) => call.operation === 'voidInvoice').length,
    };
  });
});
