import { createRequire } from 'node:module';
import type { BulkInvoiceRecord, RateLimiter, RateLimiterState } from '@billbridge/bulk';
import type CliProgress from 'cli-progress';
import type { CliIo } from './cli-io.js';

/*
 * cli-progress (CommonJS) is required only when a bar is drawn, on a terminal: off one (CI, pipes,
 * the tests' spawned bins) the bin does not load it and its four dependencies (~8 ms of CPU per
 * start, BENCHMARKS.md "Sixth session"). Named `require`, as load-nock.ts in @billbridge/testing:
 * the build keeps the call as `require…("cli-progress")`, which scripts/check-dist-imports.ts
 * counts as the package's import.
 */
const require = createRequire(import.meta.url);
const loadCliProgress = (): typeof CliProgress => require('cli-progress');

/** Progress of a bulk run on stderr: a bar on a terminal, else a line every `intervalMs`. */
export interface BulkProgress {
  /** Counts one settled item. */
  add(record: BulkInvoiceRecord): void;
  /** Writes a line of text above the bar (on a terminal) or as it is. */
  log(stream: 'stdout' | 'stderr', text: string): void;
  stop(): void;
}

/** Settings of `createBulkProgress`. */
export interface BulkProgressOptions {
  total: number;
  /** Items already done before this run (resume): the bar starts there. */
  done?: number;
  /** Off a terminal: one line this often (ms). */
  intervalMs: number;
  limiter?: RateLimiter;
  now?: () => number;
}

/** Items per second over the last 10 seconds of completions. */
function createRateMeter(now: () => number) {
  const times: number[] = [];
  return {
    tick() {
      times.push(now());
      while (times.length > 0 && now() - times[0]! > 10_000) times.shift();
    },
    rate(): number {
      const at = now();
      while (times.length > 0 && at - times[0]! > 10_000) times.shift();
      if (times.length < 2) return 0;
      // Over at least a second, so the first few items do not read as thousands a second.
      return (times.length - 1) / Math.max(1, (at - times[0]!) / 1000);
    },
  };
}

function eta(remaining: number, rate: number): string {
  if (remaining === 0) return '0s';
  if (rate <= 0) return '?';
  const seconds = Math.ceil(remaining / rate);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

function slots(concurrency: number): string {
  return Number.isFinite(concurrency) ? String(concurrency) : 'any';
}

/**
 * Every slot busy while the run goes slower than the limiter allows: the provider's latency, not
 * the rate, is what holds the run back, and only more in flight (`--concurrency`) helps.
 */
function bound(state: RateLimiterState, rate: number): string {
  const busy = Number.isFinite(state.concurrency) && state.inFlight >= state.concurrency;
  const slower = Number.isFinite(state.rate) && rate > 0 && rate < 0.9 * state.rate;
  return busy && slower ? ' (every slot busy: --concurrency holds the rate back)' : '';
}

/**
 * A bar (cli-progress) with done/total, rate, ETA and the counts of voided / refused / failed when
 * stderr is a terminal; otherwise nothing but a line every `intervalMs`, and one at the end.
 */
export function createBulkProgress(io: CliIo, options: BulkProgressOptions): BulkProgress {
  const now = options.now ?? Date.now;
  const meter = createRateMeter(now);
  const counts = { voided: 0, refused: 0, failed: 0, skipped: 0 };
  let done = options.done ?? 0;
  const payload = () => {
    const rate = meter.rate();
    const state = options.limiter?.state();
    const paused =
      state && state.pausedUntil > now()
        ? ` paused ${Math.ceil((state.pausedUntil - now()) / 1000)}s (429)`
        : '';
    return {
      ...counts,
      rate: rate.toFixed(1),
      left: eta(options.total - done, rate),
      limit: state && Number.isFinite(state.rate) ? `${Number(state.rate.toFixed(1))}/s${paused}` : 'none',
      slowed:
        state && state.rate < state.targetRate
          ? ` | 429s: slowed to ${Number(state.rate.toFixed(1))}/s${paused}`
          : '',
      inFlight: state
        ? ` | in flight ${state.inFlight}/${slots(state.concurrency)}${bound(state, rate)}`
        : '',
      // The bar stays short: only the hint, when it applies.
      hint: state && bound(state, rate) ? ` |${bound(state, rate)}` : '',
    };
  };
  const counted = (record: BulkInvoiceRecord) => {
    done += 1;
    meter.tick();
    if (record.status === 'voided') counts.voided += 1;
    else if (record.status === 'refused') counts.refused += 1;
    else if (record.status === 'failed') counts.failed += 1;
    else if (record.status === 'skipped') counts.skipped += 1;
  };

  if (io.stderr.isTTY) {
    const cliProgress = loadCliProgress();
    const multi = new cliProgress.MultiBar(
      {
        stream: io.stderr as NodeJS.WritableStream,
        format:
          '{bar} {value}/{total} | {rate}/s | ETA {left} | voided {voided} refused {refused} failed {failed}{slowed}{hint}',
        hideCursor: true,
        // The CLI handles SIGINT itself (in-flight calls finish first).
        gracefulExit: false,
        clearOnComplete: false,
        stopOnComplete: false,
        fps: 5,
        barsize: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    const bar = multi.create(options.total, done, payload());
    const refresh = setInterval(() => bar.update(done, payload()), 1000);
    return {
      add(record) {
        counted(record);
        bar.update(done, payload());
      },
      log(stream, text) {
        // On a terminal stdout and stderr are the same screen: rows go above the bar.
        if (stream === 'stdout' && !io.stdout.isTTY) io.stdout.write(text);
        else multi.log(text);
      },
      stop() {
        clearInterval(refresh);
        bar.update(done, payload());
        // Writes out the rows logged since the last redraw (stop alone would drop them).
        multi.update();
        multi.stop();
      },
    };
  }

  const line = () => {
    const p = payload();
    const percent = options.total === 0 ? 100 : Math.floor((done / options.total) * 100);
    return `progress ${done}/${options.total} ${percent}% | ${p.rate}/s | ETA ${p.left} | voided ${p.voided} refused ${p.refused} failed ${p.failed} | limit ${p.limit}${p.inFlight}\n`;
  };
  const timer = setInterval(() => io.stderr.write(line()), options.intervalMs);
  timer.unref?.();
  return {
    add: counted,
    log(stream, text) {
      (stream === 'stdout' ? io.stdout : io.stderr).write(text);
    },
    stop() {
      clearInterval(timer);
      io.stderr.write(line());
    },
  };
}
