import * as z from 'zod';

/**
 * A fault the control API injects on matching requests (DESIGN §14):
 * - `status`: answer with the provider's own error body for that status (429 carries Retry-After:
 *   `retryAfterSeconds`, 1 when left out, none when `null`); `code` names the provider's error code
 *   instead of the status's usual one (Chargebee's `lock_timeout` is a 429); `body: 'html'` answers
 *   with a proxy's HTML error page instead (a gateway in front of the provider, e.g. a 502);
 * - `reset`: drop the connection `before` the request takes effect or `after` it did (an unknown outcome);
 * - `delayMs`: hold the request that long first (combine with the others, or alone for a slow
 *   provider); with `delayAt: 'after'` the endpoint runs first and its answer is held (a slow answer
 *   to a request that took effect: a client timeout then leaves an unknown outcome);
 * - `ratePerSecond`: answer 429 to every matching request beyond that many per second per account
 *   (a provider's rate limit, enforced until the rule is removed).
 * `times` (default 1) is how many matching requests the rule applies to; rate rules have no count.
 */
export const faultRuleSchema = z
  .strictObject({
    method: z.enum(['GET', 'POST', 'DELETE']).optional(),
    /** A path, with `:name` or `*` for one segment (`/v1/invoices/:id/void`), or a prefix ending in `/**`. */
    path: z.string().min(1).startsWith('/'),
    /** Only requests for this account (Stripe account id, Chargebee site). */
    account: z.string().min(1).optional(),
    status: z.number().int().min(400).max(599).optional(),
    /** The provider's error code for `status` (Stripe `error.code`, Chargebee `api_error_code`). */
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/)
      .optional(),
    /** `html`: a proxy's HTML page instead of the provider's JSON error body. */
    body: z.enum(['provider', 'html']).optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).nullable().optional(),
    reset: z.enum(['before', 'after']).optional(),
    delayMs: z.number().int().min(0).max(120_000).optional(),
    delayAt: z.enum(['before', 'after']).optional(),
    ratePerSecond: z.number().positive().max(100_000).optional(),
    times: z.number().int().min(1).max(1_000_000).optional(),
  })
  .refine(
    (rule) =>
      rule.status !== undefined ||
      rule.reset !== undefined ||
      rule.delayMs !== undefined ||
      rule.ratePerSecond !== undefined,
    'give at least one of status, reset, delayMs, ratePerSecond',
  )
  .refine(
    (rule) => !(rule.status !== undefined && rule.reset !== undefined),
    'status and reset exclude each other',
  )
  .refine(
    (rule) => !(rule.ratePerSecond !== undefined && rule.times !== undefined),
    'a rate rule applies until removed: leave out times',
  )
  .refine(
    (rule) => rule.status !== undefined || (rule.code === undefined && rule.body === undefined),
    'code and body shape a status answer: give status',
  )
  .refine(
    (rule) => rule.delayAt === undefined || (rule.delayMs !== undefined && rule.status === undefined),
    'delayAt says when delayMs holds a request that runs: give delayMs, and no status',
  );

/**
 * A fault the emulator injects into matching requests: a status, a reset before or after, a delay in
 * milliseconds, or a rate limit per second, for `times` requests.
 */
export type FaultRule = z.infer<typeof faultRuleSchema>;

/** What the server does for one request after the rules had their say. */
export interface FaultDecision {
  delayMs: number;
  /** `after`: the endpoint runs first, its answer is held `delayMs`. */
  delayAt?: 'before' | 'after';
  status?: number;
  code?: string;
  body?: 'provider' | 'html';
  /** `null`: no Retry-After header. */
  retryAfterSeconds?: number | null;
  reset?: 'before' | 'after';
  /** A rate rule refused the request (logged as `rate`, whatever its Retry-After). */
  rate?: true;
}

interface ActiveRule {
  id: number;
  rule: FaultRule;
  remaining: number;
  matches: (method: string, path: string, account: string) => boolean;
  /** Rate rules: start times (ms) of the requests let through in the last second, per account. */
  window: Map<string, number[]>;
}

/** The emulator's fault rules, consulted once per provider request. */
export function createFaultRules(nowMs: () => number = Date.now) {
  let nextId = 1;
  let rules: ActiveRule[] = [];
  return {
    add(rule: FaultRule): number {
      const id = nextId++;
      rules.push({
        id,
        rule,
        remaining: rule.ratePerSecond !== undefined ? Number.POSITIVE_INFINITY : (rule.times ?? 1),
        matches: compileMatcher(rule),
        window: new Map(),
      });
      return id;
    },
    remove(id: number): boolean {
      const before = rules.length;
      rules = rules.filter((active) => active.id !== id);
      return rules.length < before;
    },
    clear() {
      rules = [];
    },
    list(): Array<FaultRule & { id: number; remaining: number | null }> {
      return rules.map((active) => ({
        ...active.rule,
        id: active.id,
        remaining: Number.isFinite(active.remaining) ? active.remaining : null,
      }));
    },
    /** Applies the first matching count rule (used up by one) and every matching rate rule. */
    decide(method: string, path: string, account: string): FaultDecision {
      const decision: FaultDecision = { delayMs: 0 };
      for (const active of rules) {
        if (!active.matches(method, path, account)) continue;
        if (active.rule.ratePerSecond !== undefined) {
          if (decision.status === undefined && overRate(active, account, nowMs())) {
            decision.status = 429;
            // `null` keeps Retry-After out (docs/emulator.md); until 2026-12-07 `??` made it 1.
            decision.retryAfterSeconds =
              active.rule.retryAfterSeconds === undefined ? 1 : active.rule.retryAfterSeconds;
            decision.rate = true;
          }
          continue;
        }
        if (decision.status !== undefined || decision.reset !== undefined || decision.delayMs > 0) continue;
        active.remaining -= 1;
        decision.delayMs = active.rule.delayMs ?? 0;
        if (active.rule.delayAt !== undefined) decision.delayAt = active.rule.delayAt;
        if (active.rule.status !== undefined) decision.status = active.rule.status;
        if (active.rule.code !== undefined) decision.code = active.rule.code;
        if (active.rule.body !== undefined) decision.body = active.rule.body;
        if (active.rule.retryAfterSeconds !== undefined)
          decision.retryAfterSeconds = active.rule.retryAfterSeconds;
        if (active.rule.reset !== undefined) decision.reset = active.rule.reset;
      }
      rules = rules.filter((active) => active.remaining > 0);
      return decision;
    },
  };
}

/** Sliding one-second window: true when this request would exceed the rule's rate for the account. */
function overRate(active: ActiveRule, account: string, now: number): boolean {
  const limit = active.rule.ratePerSecond!;
  let starts = active.window.get(account);
  if (!starts) {
    starts = [];
    active.window.set(account, starts);
  }
  while (starts.length > 0 && starts[0]! <= now - 1000) starts.shift();
  if (starts.length >= limit) return true;
  starts.push(now);
  return false;
}

function compileMatcher(rule: FaultRule): ActiveRule['matches'] {
  const prefix = rule.path.endsWith('/**') ? rule.path.slice(0, -2) : undefined;
  const segments = rule.path.split('/');
  return (method, path, account) => {
    if (rule.method !== undefined && rule.method !== method) return false;
    if (rule.account !== undefined && rule.account !== account) return false;
    if (prefix !== undefined) return path.startsWith(prefix);
    const got = path.split('/');
    if (got.length !== segments.length) return false;
    return segments.every((want, index) => want === '*' || want.startsWith(':') || want === got[index]);
  };
}
export type FaultRules = ReturnType<typeof createFaultRules>;
