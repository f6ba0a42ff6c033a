/** One provider request as the emulator saw and answered it. */
export interface RequestLogEntry {
  /** Order of arrival, from 1. */
  seq: number;
  /** Wall-clock arrival (ISO 8601). */
  at: string;
  provider: 'stripe' | 'chargebee';
  method: string;
  path: string;
  account: string | null;
  idempotencyKey: string | null;
  /** The status answered, or `null` when the connection was reset before an answer. */
  status: number | null;
  /** The answer replayed a stored idempotent result. */
  replayed: boolean;
  /** A fault rule shaped the answer (`status`, `reset-before`, `reset-after`, `rate`, `delay`, `delay-after`). */
  fault: string | null;
  /** The decoded body (Stripe form or Chargebee form), for tests that assert what was sent. */
  body: Record<string, unknown>;
}

/** The request log the control API serves, bounded: the oldest entries go first. */
export function createRequestLog(maxEntries = 100_000) {
  let entries: RequestLogEntry[] = [];
  let seq = 0;
  return {
    nextSeq: () => ++seq,
    push(entry: RequestLogEntry) {
      entries.push(entry);
      if (entries.length > maxEntries) entries = entries.slice(entries.length - Math.floor(maxEntries * 0.9));
    },
    /** Entries in order, optionally only those of a method, a path prefix or an account. */
    query(filter: { method?: string; pathPrefix?: string; account?: string; provider?: string } = {}) {
      return entries.filter(
        (entry) =>
          (filter.method === undefined || entry.method === filter.method) &&
          (filter.pathPrefix === undefined || entry.path.startsWith(filter.pathPrefix)) &&
          (filter.account === undefined || entry.account === filter.account) &&
          (filter.provider === undefined || entry.provider === filter.provider),
      );
    },
    clear() {
      entries = [];
    },
    get size() {
      return entries.length;
    },
  };
}

export type RequestLog = ReturnType<typeof createRequestLog>;
