import type { RateLimiter, RateLimiterState } from '@billbridge/bulk';
import { describe, expect, it } from 'vitest';
import { createBulkProgress } from '../../src/cli/bulk-progress.js';
import type { CliIo } from '../../src/cli/cli-io.js';

/** Off a terminal: the final progress line after `voided` items, one every 100 ms of a fake clock. */
function finalLine(limiter: Partial<RateLimiterState>, voided: number): string {
  let at = 1_000_000;
  let stderr = '';
  const io = {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  } as unknown as CliIo;
  const state: RateLimiterState = {
    targetRate: 20,
    rate: 20,
    concurrency: 4,
    maxConcurrency: 4,
    inFlight: 4,
    pausedUntil: 0,
    rateLimited: 0,
    ...limiter,
  };
  const fake: RateLimiter = { acquire: () => Promise.reject(new Error('unused')), state: () => state };
  const progress = createBulkProgress(io, { total: 100, intervalMs: 60_000, limiter: fake, now: () => at });
  for (let index = 0; index < voided; index++) {
    at += 100;
    progress.add({ type: 'invoice', invoiceId: `in_${index}`, status: 'voided' });
  }
  progress.stop();
  return stderr;
}

describe('bulk-void progress lines', () => {
  it('show what is in flight of the slots, and say so when every slot is busy below the rate', () => {
    // 10/s done while 20/s are allowed and all 4 slots are busy: latency holds the run back.
    expect(finalLine({}, 30)).toBe(
      'progress 30/100 30% | 10.0/s | ETA 7s | voided 30 refused 0 failed 0 | limit 20/s | in flight 4/4 (every slot busy: --concurrency holds the rate back)\n',
    );
    // A slot free, or the run at its rate: no hint.
    expect(finalLine({ inFlight: 3 }, 30)).toMatch(/\| in flight 3\/4\n$/);
    expect(finalLine({ rate: 10, targetRate: 10 }, 30)).toMatch(/\| in flight 4\/4\n$/);
  });
});
