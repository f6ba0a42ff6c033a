/**
 * The fault matrix (issue 5): each network or provider fault × provider, with what billbridge must
 * do. The fault-matrix tests run every cell and compare what happened with these rows, and
 * `reliability-doc.test.ts` checks that the table in docs/reliability.md is `renderFaultTable()`.
 * Change a row here and the docs table must change with it.
 */

export type ProviderName = 'memory' | 'stripe' | 'chargebee';

export type FaultId =
  | 'reset-before-response'
  | 'reset-after-sent'
  | 'timeout'
  | '429-retry-after'
  | '429-retry-after-too-long'
  | '429-no-retry-after'
  | '409-lock'
  | '500'
  | '503'
  | '502-non-json';

export interface Fault {
  id: FaultId;
  /** What the table calls it. */
  label: string;
  /** `after`: the provider acted before the failure (the void happened, the answer was lost). */
  effect: 'before' | 'after';
  /** Retry-After the provider sent, in seconds. */
  retryAfterSeconds?: number;
}

export const faults: readonly Fault[] = [
  { id: 'reset-before-response', label: 'connection reset before any response', effect: 'before' },
  {
    id: 'reset-after-sent',
    label: 'connection reset after the request was sent (void happened)',
    effect: 'after',
  },
  { id: 'timeout', label: 'response slower than the 400 ms timeout (void happened)', effect: 'after' },
  { id: '429-retry-after', label: '429 with Retry-After: 2', effect: 'before', retryAfterSeconds: 2 },
  {
    id: '429-retry-after-too-long',
    label: '429 with Retry-After: 60 (beyond maxDelayMs)',
    effect: 'before',
    retryAfterSeconds: 60,
  },
  { id: '429-no-retry-after', label: '429 without Retry-After', effect: 'before' },
  { id: '409-lock', label: '409 lock conflict', effect: 'before' },
  { id: '500', label: '500', effect: 'before' },
  { id: '503', label: '503', effect: 'before' },
  { id: '502-non-json', label: '502 with an HTML (non-JSON) body', effect: 'before' },
];

export type Outcome =
  | { kind: 'voided'; reconciled: boolean }
  | { kind: 'error'; name: string; retryable: boolean; outcome: 'not_executed' | 'failed' | 'unknown' };

export interface FaultCell {
  provider: ProviderName;
  fault: FaultId;
  /** The fault happens on every attempt. */
  persistent: {
    /** Void requests that reached the provider (bounded by `maxAttempts`, times the SDK's own closed-connection retry for Stripe). */
    attempts: number;
    /** Invoice reads made afterwards to reconcile an unknown outcome. */
    reads: number;
    outcome: Outcome;
    /** How many times the invoice was really voided (never more than 1). */
    voids: 0 | 1;
  };
  /** The fault happens on the first void request only. */
  transient: { attempts: number; outcome: Outcome; voids: 0 | 1 };
  /** Every attempt carried the same idempotency key. */
  sameKey: boolean;
}

/** The retry policy the matrix runs with: the client's defaults. */
export const matrixPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000, totalBudgetMs: 30_000 };

const voided: Outcome = { kind: 'voided', reconciled: false };
const reconciled: Outcome = { kind: 'voided', reconciled: true };
const error = (
  name: string,
  retryable: boolean,
  outcome: 'not_executed' | 'failed' | 'unknown',
): Outcome => ({
  kind: 'error',
  name,
  retryable,
  outcome,
});

/** The lock-conflict error per provider: Stripe answers 409; Chargebee signals locks with `lock_timeout`. */
const lockError: Record<ProviderName, Outcome> = {
  memory: error('ConflictError', true, 'failed'),
  stripe: error('ConflictError', true, 'failed'),
  chargebee: error('RateLimitError', true, 'not_executed'),
};

function expected(provider: ProviderName, fault: Fault): FaultCell {
  const all = matrixPolicy.maxAttempts;
  const transient = { attempts: 2, outcome: voided, voids: 1 as const };
  const cell = (attempts: number, reads: number, outcome: Outcome, voids: 0 | 1): FaultCell => ({
    provider,
    fault: fault.id,
    persistent: { attempts, reads, outcome, voids },
    transient,
    sameKey: true,
  });
  // stripe-node retries a closed connection (ECONNRESET, EPIPE) once on its own even with
  // maxNetworkRetries 0 (stripe-node RequestSender._shouldRetry, stripe/stripe-node#1040); it cannot
  // be turned off, so each client attempt is two requests there, with the same Idempotency-Key.
  const resets = provider === 'stripe' ? all * 2 : all;
  switch (fault.id) {
    case 'reset-before-response':
      return cell(resets, 1, error('ConnectionError', true, 'unknown'), 0);
    case 'reset-after-sent':
      return cell(resets, 1, reconciled, 1);
    case 'timeout':
      return cell(all, 1, reconciled, 1);
    case '429-retry-after':
    case '429-no-retry-after':
      return cell(all, 0, error('RateLimitError', true, 'not_executed'), 0);
    case '429-retry-after-too-long':
      return {
        ...cell(1, 0, error('RateLimitError', true, 'not_executed'), 0),
        transient: { attempts: 1, outcome: error('RateLimitError', true, 'not_executed'), voids: 0 },
      };
    case '409-lock': {
      const outcome = lockError[provider];
      return cell(all, outcome.kind === 'error' && outcome.outcome === 'unknown' ? 1 : 0, outcome, 0);
    }
    case '500':
    case '503':
    case '502-non-json':
      return cell(all, 1, error('ProviderUnavailableError', true, 'unknown'), 0);
  }
}

export const providers: readonly ProviderName[] = ['memory', 'stripe', 'chargebee'];

/** Every cell: fault × provider. */
export const faultMatrix: readonly FaultCell[] = faults.flatMap((fault) =>
  providers.map((provider) => expected(provider, fault)),
);

export function cellFor(provider: ProviderName, fault: FaultId): FaultCell {
  const found = faultMatrix.find((cell) => cell.provider === provider && cell.fault === fault);
  if (!found) throw new Error(`no fault-matrix cell for ${provider} × ${fault}`);
  return found;
}

export function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === 'voided')
    return outcome.reconciled ? 'voided (reconciled by reading the invoice)' : 'voided';
  return `${outcome.name} (retryable: ${outcome.retryable}, outcome: ${outcome.outcome})`;
}

export const FAULT_TABLE_START =
  '<!-- fault-matrix:start (generated from test/reliability/fault-matrix.ts) -->';
export const FAULT_TABLE_END = '<!-- fault-matrix:end -->';

/** The Markdown table for docs/reliability.md. */
export function renderFaultTable(): string {
  const rows = faultMatrix.map((cell) => {
    const fault = faults.find((candidate) => candidate.id === cell.fault)!;
    const attempts = `${cell.persistent.attempts}${cell.persistent.reads ? ` + ${cell.persistent.reads} read` : ''}`;
    return `| ${fault.label} | ${cell.provider} | ${attempts} | ${cell.sameKey ? 'yes' : 'no'} | ${describeOutcome(cell.persistent.outcome)} | ${cell.persistent.voids} | ${cell.transient.attempts} → ${describeOutcome(cell.transient.outcome)} |`;
  });
  return [
    FAULT_TABLE_START,
    '| fault | provider | void requests (fault on every request) | same key | result (fault on every request) | times voided | fault on the first request only: requests → result |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    FAULT_TABLE_END,
  ].join('\n');
}
