import { median, summarizeTimings, type TimingSummary } from './summarize-timings.js';

/** One way to void invoice `id` (the raw SDK or billbridge). */
export type VoidCall = (id: string) => Promise<unknown>;

export interface OverheadOptions {
  raw: VoidCall;
  billbridge: VoidCall;
  /** Makes the invoice id of call number `index` (unique across the run). */
  invoiceId: (index: number) => string;
  /** Measured calls per variant, over all rounds. */
  calls: number;
  rounds: number;
  /** Calls in flight at once (1: sequential). */
  concurrency: number;
  /** Unmeasured calls per variant before the first round (JIT, sockets). */
  warmup: number;
}

export interface OverheadResult {
  concurrency: number;
  rounds: number;
  raw: TimingSummary;
  billbridge: TimingSummary;
  /** median(billbridge) / median(raw) of each round. */
  roundRatios: number[];
  /** The median of `roundRatios`. */
  medianRatio: number;
  /** Calls per second of each variant (wall time of its rounds). */
  rawPerSecond: number;
  billbridgePerSecond: number;
}

/** Requests `measureOverhead` sends with `options` (both variants, warm-up included). */
export function plannedRequests(options: Pick<OverheadOptions, 'calls' | 'warmup'>): number {
  return 2 * (options.calls + options.warmup);
}

/** Runs `count` calls of `run`, at most `concurrency` at once; each call's time (ns) lands in `out`. */
async function timeCalls(
  run: VoidCall,
  ids: readonly string[],
  concurrency: number,
  out: number[],
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  async function worker() {
    while (next < ids.length) {
      const id = ids[next++]!;
      const before = process.hrtime.bigint();
      await run(id);
      out.push(Number(process.hrtime.bigint() - before));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return Number(process.hrtime.bigint() - started);
}

/**
 * The same voids through the raw SDK and through billbridge, interleaved: each round runs both
 * variants on fresh ids, the order alternating between rounds so neither always goes first.
 */
export async function measureOverhead(options: OverheadOptions): Promise<OverheadResult> {
  let index = 0;
  const takeIds = (count: number) => Array.from({ length: count }, () => options.invoiceId(index++));
  const discard: number[] = [];
  await timeCalls(options.raw, takeIds(options.warmup), options.concurrency, discard);
  await timeCalls(options.billbridge, takeIds(options.warmup), options.concurrency, discard);

  const raw: number[] = [];
  const billbridge: number[] = [];
  const roundRatios: number[] = [];
  let rawWall = 0;
  let billbridgeWall = 0;
  for (let round = 0; round < options.rounds; round++) {
    const perRound =
      Math.floor(options.calls / options.rounds) + (round < options.calls % options.rounds ? 1 : 0);
    const rawRound: number[] = [];
    const billbridgeRound: number[] = [];
    const runRaw = async () => {
      rawWall += await timeCalls(options.raw, takeIds(perRound), options.concurrency, rawRound);
    };
    const runBillbridge = async () => {
      billbridgeWall += await timeCalls(
        options.billbridge,
        takeIds(perRound),
        options.concurrency,
        billbridgeRound,
      );
    };
    if (round % 2 === 0) {
      await runRaw();
      await runBillbridge();
    } else {
      await runBillbridge();
      await runRaw();
    }
    roundRatios.push(median(billbridgeRound) / median(rawRound));
    raw.push(...rawRound);
    billbridge.push(...billbridgeRound);
  }
  return {
    concurrency: options.concurrency,
    rounds: options.rounds,
    raw: summarizeTimings(raw),
    billbridge: summarizeTimings(billbridge),
    roundRatios,
    medianRatio: median(roundRatios),
    rawPerSecond: raw.length / (rawWall / 1e9),
    billbridgePerSecond: billbridge.length / (billbridgeWall / 1e9),
  };
}
