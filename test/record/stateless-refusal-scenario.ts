import { expectRejection } from './expect-rejection.js';
import type { RecordingRunContext, RecordingScenario, RecordingSetupContext } from './recording-scenario.js';

export interface StatelessRefusalScenarioOptions<Sdk, E> {
  cassette: string;
  apiVersion: string;
  /** The invoice the call names; no state is made for it, so the cassette keeps the documented id. */
  invoiceId: string;
  /** Checks the account before recording, e.g. that the invoice really does not exist. */
  check?(context: RecordingSetupContext<Sdk>): Promise<void>;
  /** The one recorded billbridge call. */
  call(context: RecordingRunContext<Sdk>, invoiceId: string): Promise<unknown>;
  /** The refusal the call must meet (anything else writes nothing). */
  isExpected(error: unknown): error is E;
  what: string;
}

/** A scenario whose recorded call is refused whatever the account holds: an unknown invoice, an unknown key. */
export function statelessRefusalScenario<Sdk, E>(
  options: StatelessRefusalScenarioOptions<Sdk, E>,
): RecordingScenario<Sdk> {
  return {
    cassette: options.cassette,
    apiVersion: options.apiVersion,
    documentedIds: { invoiceId: options.invoiceId },
    async setup(context) {
      await options.check?.(context);
      return { invoiceId: options.invoiceId };
    },
    async run(context) {
      await expectRejection(options.call(context, context.ids.invoiceId!), options.isExpected, options.what);
      return undefined;
    },
  };
}
