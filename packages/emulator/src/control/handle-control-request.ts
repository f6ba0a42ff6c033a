import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import type { AnyEmulatorDialect } from '../http/emulator-dialect.js';
import { readRequestBody } from '../http/read-request-body.js';
import { type FaultRules, faultRuleSchema } from './fault-rules.js';
import type { RequestLog } from './request-log.js';

/** What the control API can reach. */
export interface ControlTarget {
  faults: FaultRules;
  log: RequestLog;
  /** Forgets every account's state, idempotency record, fault rule and log entry; the clock restarts. */
  reset(): void;
  clock: { nowMs(): number; advance(ms: number): void };
  /** A plain snapshot of one account's state (for tests that prove a request changed nothing). */
  snapshot(provider: string, account: string): unknown;
  /** Dialects with control calls of their own (`/_emulator/<name>/…`). */
  dialects?: readonly Pick<AnyEmulatorDialect, 'name' | 'control'>[];
}

const clockSchema = z.strictObject({
  advanceMs: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 86_400_000),
});

/**
 * The JSON control API under `/_emulator/` (DESIGN §14):
 * `POST /_emulator/reset`; `GET|POST /_emulator/clock` (`{ advanceMs }`); `GET|POST|DELETE
 * /_emulator/faults` and `DELETE /_emulator/faults/:id`; `GET|DELETE /_emulator/requests`
 * (`?provider=&method=&path=&account=`); `GET /_emulator/state/:provider/:account`; and each
 * dialect's own calls under `/_emulator/<dialect>/…` (Chargebee: binding keys to sites).
 */
export async function handleControlRequest(
  target: ControlTarget,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://emulator.invalid');
  const segments = url.pathname.split('/').slice(2);
  const method = request.method ?? 'GET';
  const raw = await readRequestBody(request, 64 * 1024);
  const reply = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };
  let input: unknown = {};
  if (raw === 'too_large') return reply(413, { error: 'control request body over 64 KiB' });
  if (raw.trim() !== '') {
    try {
      input = JSON.parse(raw);
    } catch {
      return reply(400, { error: 'control requests take a JSON body' });
    }
  }
  const [resource, id, extra] = segments;
  if (resource === 'reset' && method === 'POST' && id === undefined) {
    target.reset();
    return reply(200, { reset: true });
  }
  if (resource === 'clock' && id === undefined) {
    if (method === 'POST') {
      const parsed = clockSchema.safeParse(input);
      if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
      target.clock.advance(parsed.data.advanceMs);
    } else if (method !== 'GET')
      return reply(405, { error: `${method} /_emulator/clock is not a control call` });
    return reply(200, { now: new Date(target.clock.nowMs()).toISOString() });
  }
  if (resource === 'faults') {
    if (id === undefined && method === 'GET') return reply(200, { data: target.faults.list() });
    if (id === undefined && method === 'POST') {
      const parsed = faultRuleSchema.safeParse(input);
      if (!parsed.success) return reply(400, { error: z.prettifyError(parsed.error) });
      return reply(200, { id: target.faults.add(parsed.data) });
    }
    if (id === undefined && method === 'DELETE') {
      target.faults.clear();
      return reply(200, { cleared: true });
    }
    if (id !== undefined && extra === undefined && method === 'DELETE') {
      const removed = target.faults.remove(Number(id));
      return reply(removed ? 200 : 404, removed ? { removed: Number(id) } : { error: `no fault rule ${id}` });
    }
  }
  if (resource === 'requests' && id === undefined) {
    if (method === 'DELETE') {
      target.log.clear();
      return reply(200, { cleared: true });
    }
    if (method === 'GET') {
      const filter: Parameters<RequestLog['query']>[0] = {};
      const param = (name: string) => url.searchParams.get(name) ?? undefined;
      if (param('provider')) filter.provider = param('provider');
      if (param('method')) filter.method = param('method')!.toUpperCase();
      if (param('path')) filter.pathPrefix = param('path');
      if (param('account')) filter.account = param('account');
      return reply(200, { data: target.log.query(filter) });
    }
  }
  const dialect = target.dialects?.find((candidate) => candidate.name === resource);
  if (dialect?.control) {
    const answer = dialect.control(method, segments.slice(1).map(decodeURIComponentSafe), input);
    if (answer) return reply(answer.status, answer.body);
  }
  if (resource === 'state' && id !== undefined && extra !== undefined && method === 'GET') {
    return reply(200, { data: target.snapshot(id, decodeURIComponent(extra)) ?? null });
  }
  return reply(404, { error: `${method} ${url.pathname} is not a control call (see docs/emulator.md)` });
}

function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
