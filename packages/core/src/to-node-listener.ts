import type { IncomingMessage, ServerResponse } from 'node:http';
import { RAW_BODY_HINT } from './webhook-request.js';

/** A request as `node:http` or Express gives it (Express's body parsers set `body`). */
export type NodeWebhookRequest = IncomingMessage & { body?: unknown };

/**
 * Runs a Fetch-API handler (`createWebhookHandler`) as a `node:http` / Express listener, keeping
 * the raw body: `http.createServer(toNodeListener(handle))`, or in Express
 * `app.post('/webhooks', express.raw({ type: '*\/*' }), toNodeListener(handle))`. A body a
 * parser already turned into an object (`express.json()` ran first) is answered 400, since the
 * signature covers bytes that are gone.
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (req: NodeWebhookRequest, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const body = await rawBody(req);
      if (body === undefined) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: 'webhook_verification_failed',
            message: `the body was already parsed by a body parser (express.json()?): ${RAW_BODY_HINT}`,
          }),
        );
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const method = req.method ?? 'GET';
      const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
      });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'webhook_failed' }));
    }
  };
}

/**
 * The raw body: what `express.raw()` / `express.text()` left in `req.body`, else the stream if
 * nothing read it; `undefined` when a parser consumed the stream into something else.
 */
async function rawBody(req: NodeWebhookRequest): Promise<Uint8Array | undefined> {
  if (req.body instanceof Uint8Array) return req.body;
  if (typeof req.body === 'string') return Buffer.from(req.body, 'utf8');
  if (req.readableEnded) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
