import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BillingEvent } from '@billbridge/core';

/** A delivery as a receiver got it: the raw body and the headers, ready for `parseWebhook`. */
export interface ReceivedDelivery {
  body: string;
  headers: Record<string, string>;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:port/hooks`. */
  url: string;
  /** Every request received, failed ones too, with what it was answered. */
  hits: (ReceivedDelivery & { method: string; answered: number | 'reset' })[];
  /** What `verify` made of each delivery answered 200. */
  events: BillingEvent[];
  /** Why `verify` refused a delivery (answered 400). */
  refused: string[];
  /** The first delivery (answered 2xx) from `hits[from]` on whose JSON body passes `test`. */
  find(test: (body: Record<string, unknown>) => boolean, from?: number): ReceivedDelivery | undefined;
  close(): Promise<void>;
}

/**
 * A real node:http webhook endpoint on 127.0.0.1 for tests: answers `plan[n]` to the n-th request
 * (a status, or `reset` to drop the connection), 200 after that, verifying each 200 with `verify`
 * (the adapter's `parseWebhook`) when there is one.
 */
export async function startWebhookReceiver(
  plan: readonly (number | 'reset')[] = [],
  verify?: () => ((delivery: ReceivedDelivery) => Promise<BillingEvent>) | undefined,
): Promise<WebhookReceiver> {
  const hits: WebhookReceiver['hits'] = [];
  const events: BillingEvent[] = [];
  const refused: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
    );
    const answered = plan[hits.length] ?? 200;
    hits.push({ method: request.method ?? '', body, headers, answered });
    if (answered === 'reset') return request.socket.destroy();
    const check = answered === 200 ? verify?.() : undefined;
    if (check) {
      try {
        events.push(await check({ body, headers }));
      } catch (error) {
        refused.push(String(error));
        response.writeHead(400).end();
        return;
      }
    }
    // A 3xx sends its client to a login page, as an auth middleware would.
    response.writeHead(answered, answered >= 300 && answered < 400 ? { location: '/login' } : {}).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    hits,
    events,
    refused,
    find(test, from = 0) {
      const hit = hits
        .slice(from)
        .find(
          (each) =>
            typeof each.answered === 'number' &&
            each.answered < 300 &&
            test(JSON.parse(each.body) as Record<string, unknown>),
        );
      return hit && { body: hit.body, headers: hit.headers };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
