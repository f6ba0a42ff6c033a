/**
 * The setup every emulator test file shares: start a schema-checked emulator before the file's
 * (or the describe block's) tests, fail each test whose answers did not validate against the
 * provider's schemas, close it afterwards. The value returned stands for the running emulator
 * (read it inside hooks and tests, not at the top level: it starts in `beforeAll`).
 *
 * - `useSchemaCheckedEmulator(options?)`: `startEmulator` (both dialects) through
 *   `startSchemaCheckedEmulator`; every Stripe and Chargebee exchange is checked.
 * - `useSchemaCheckedEmulator({ chargebeeHarness: options })`: the Chargebee-only harness (its
 *   dialect options: sites by key, body limit, webhooks); every answer the server writes is checked.
 *
 * Options may be a function, called in `beforeAll` (a webhook receiver started first, say).
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { StartEmulatorOptions } from '../../src/start-emulator.js';
import {
  type ChargebeeEmulatorHarness,
  startChargebeeEmulator,
} from '../chargebee/support/chargebee-emulator-harness.js';
import { type SchemaCheckedEmulator, startSchemaCheckedEmulator } from './schema-checked-emulator.js';

type Setup<T> = T | (() => T | Promise<T>);
type ChargebeeHarnessOptions = Parameters<typeof startChargebeeEmulator>[0];

export interface SchemaCheckOptions {
  /** Also fail a test in which the emulator answered nothing (a scenario that must talk to it). */
  requireAnswers?: boolean;
}

export function useSchemaCheckedEmulator(
  options?: Setup<StartEmulatorOptions>,
  checks?: SchemaCheckOptions,
): SchemaCheckedEmulator;
export function useSchemaCheckedEmulator(
  options: { chargebeeHarness: Setup<ChargebeeHarnessOptions> },
  checks?: SchemaCheckOptions,
): ChargebeeEmulatorHarness;
export function useSchemaCheckedEmulator(
  options: Setup<StartEmulatorOptions> | { chargebeeHarness: Setup<ChargebeeHarnessOptions> } = {},
  checks: SchemaCheckOptions = {},
): SchemaCheckedEmulator | ChargebeeEmulatorHarness {
  let running: SchemaCheckedEmulator | ChargebeeEmulatorHarness | undefined;
  let checkAnswers: () => number;
  const resolve = async <T>(setup: Setup<T>): Promise<T> =>
    typeof setup === 'function' ? await (setup as () => T | Promise<T>)() : setup;

  beforeAll(async () => {
    if (typeof options === 'object' && 'chargebeeHarness' in options) {
      const harness = await startChargebeeEmulator(await resolve(options.chargebeeHarness));
      running = harness;
      checkAnswers = () => harness.assertAnswersValid();
    } else {
      const emulator = await startSchemaCheckedEmulator(await resolve(options));
      running = emulator;
      let seen = emulator.validated;
      checkAnswers = () => {
        expect(emulator.issues.splice(0)).toEqual([]);
        const answered = emulator.validated - seen;
        seen = emulator.validated;
        return answered;
      };
    }
  });
  // What the file's own beforeAll did (seeding) is checked too, but not counted for the first test.
  beforeEach(() => {
    checkAnswers();
  });
  afterEach(() => {
    const answered = checkAnswers();
    if (checks.requireAnswers) expect(answered, 'answers the emulator gave in this test').toBeGreaterThan(0);
  });
  afterAll(() => running?.close());

  return new Proxy({} as SchemaCheckedEmulator | ChargebeeEmulatorHarness, {
    get(_, property) {
      if (!running) throw new Error(`the emulator is read (${String(property)}) before beforeAll started it`);
      return Reflect.get(running, property, running);
    },
    has: (_, property) => running !== undefined && property in running,
  });
}
