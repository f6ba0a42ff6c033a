const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Makes the memory provider's ids from a seeded sequence, so a test run makes the same ids every time. */
export interface IdGenerator {
  /** `prefix` and `length` random characters from the generator's sequence. */
  id(prefix: string, length?: number): string;
  /** Back to the start of the sequence. */
  reset(): void;
}

/** Deterministic ids that look like the provider's (`in_1a2B…`): same seed, same sequence. */
export function createIdGenerator(seed = 1): IdGenerator {
  let state = seed >>> 0;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    id(prefix: string, length = 14): string {
      let out = prefix;
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    },
    reset() {
      state = seed >>> 0;
    },
  };
}
