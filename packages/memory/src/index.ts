export * from './create-memory-provider.js';
export type { FailNextOptions } from './fault-injection.js';
export type { MemoryFlavor, MemoryFlavorName } from './memory-flavor.js';
export type { MemoryCall, MemoryOperation } from './memory-operation.js';
export type { CreditBucket, LedgerEntry } from './memory-records.js';
export { TEST_CLOCK_START, type TestClock } from './test-clock.js';
