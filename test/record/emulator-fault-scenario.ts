import { expectRejection } from './expect-rejection.js';
import type {
  EmulatorFault,
  RecordingRunContext,
  RecordingScenario,
  RecordingSetupContext,
  ScenarioIds,
} from './recording-scenario.js';

export interface EmulatorFaultScenarioOptions<Sdk, E> {
  cassette: string;
  apiVersion: string;
  documentedIds: ScenarioIds;
  /** The state the call meets (an open invoice), made through the raw SDK. */
  setup(context: RecordingSetupContext<Sdk>): Promise<ScenarioIds>;
  /** The fault the emulator answers the recorded call with, for the ids setup made. */
  fault(ids: ScenarioIds): EmulatorFault;
  /** The recorded billbridge call, as the cassette's test makes it. */
  call(context: RecordingRunContext<Sdk>): Promise<unknown>;
  /** The error the call must end in (anything else writes nothing), and what else it must say. */
  isExpected(error: unknown): error is E;
  check?(error: E): void;
  what: string;
}

/**
 * A cassette of the provider failing (a 429, a 500, a lock timeout, a proxy's HTML 502): no request
 * makes an account fail on demand, but the emulator does, so it is recorded from the emulator only
 * (`RecordingKit.fromEmulatorOnly`), with `fault` injected after setup.
 */
export function emulatorFaultScenario<Sdk, E>(
  options: EmulatorFaultScenarioOptions<Sdk, E>,
): RecordingScenario<Sdk> {
  return {
    cassette: options.cassette,
    apiVersion: options.apiVersion,
    documentedIds: options.documentedIds,
    setup: options.setup,
    emulatorFaults: (ids) => [{ method: 'POST', times: 1, ...options.fault(ids) }],
    async run(context) {
      const error = await expectRejection(options.call(context), options.isExpected, options.what);
      options.check?.(error);
      return undefined;
    },
  };
}
