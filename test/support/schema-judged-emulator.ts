import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { emulatorControl } from '../../packages/billbridge/test/cli/support/seed-emulator-invoices.js';
import { type StartEmulatorOptions, startEmulatorWith } from '../../packages/emulator/src/start-emulator.js';
import { chargebeeAnswerIssues } from '../../packages/emulator/test/chargebee/support/chargebee-emulator-harness.js';
import { validateStripeExchange } from '../../packages/emulator/test/support/schema-checked-emulator.js';
import type { SchemaIssue } from '../../packages/testing/src/openapi/index.js';

/**
 * `startEmulator(options)` with every provider answer it gives (injected status faults included)
 * judged by the provider's schemas: Stripe's of the version the request asked for, Chargebee's
 * v2. `issues` collects what did not validate; tests assert it stays empty.
 */
export async function startSchemaJudgedEmulator(options: StartEmulatorOptions = {}) {
  const issues: SchemaIssue[] = [];
  let judged = 0;
  const emulator = await startEmulatorWith(options, {
    onExchange(exchange) {
      judged += 1;
      issues.push(
        ...(exchange.provider === 'stripe'
          ? validateStripeExchange(exchange)
          : chargebeeAnswerIssues({
              method: exchange.method,
              url: exchange.url,
              status: exchange.status,
              body: exchange.responseBody,
            })),
      );
    },
  });
  return {
    ...emulator,
    issues,
    /** How many answers were judged so far. */
    get judged() {
      return judged;
    },
    control: emulatorControl(emulator.url),
  };
}

export type SchemaJudgedEmulator = Awaited<ReturnType<typeof startSchemaJudgedEmulator>>;

/**
 * One schema-judged emulator for the enclosing suite (started before its tests, closed after), and
 * a test fails when an answer it caused was off the schemas. Returns a getter for the running one.
 */
export function useSchemaJudgedEmulator(options: StartEmulatorOptions = {}): () => SchemaJudgedEmulator {
  let emulator: SchemaJudgedEmulator | undefined;
  beforeAll(async () => {
    emulator = await startSchemaJudgedEmulator(options);
  });
  afterAll(() => emulator?.close());
  afterEach(() => {
    expect(emulator?.issues.splice(0)).toEqual([]);
  });
  return () => {
    if (!emulator) throw new Error('the emulator is not started yet (use it inside a test)');
    return emulator;
  };
}
