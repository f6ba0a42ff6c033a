import { chargebeeFlavor, createMemoryState, createTestClock, type MemoryState } from '@billbridge/memory';

/** One Chargebee site as the emulator holds it: the memory state model with the Chargebee flavor. */
export interface ChargebeeSite {
  /** The site name (`acme-test` of `acme-test.chargebee.com`). */
  readonly name: string;
  /** The site setting "Void invoices with credit note", fixed when the site's state was made. */
  readonly voidCreatesCreditNote: boolean;
  readonly state: MemoryState;
}

/** The clock the emulator's sites read (the server's clock, which the control API moves). */
export interface ChargebeeDialectClock {
  now(): Date;
}

export function createChargebeeSite(
  name: string,
  options: { voidCreatesCreditNote: boolean; clock: ChargebeeDialectClock },
): ChargebeeSite {
  return {
    name,
    voidCreatesCreditNote: options.voidCreatesCreditNote,
    state: createMemoryState({
      flavor: chargebeeFlavor(options.voidCreatesCreditNote),
      clock: createTestClock(() => options.clock.now()),
    }),
  };
}
