import { request } from 'node:http';
import { expect } from 'vitest';
import { LOOPBACK_HOST } from '../src/create-loopback-server.js';

/** One POST over a fresh connection (no pooling, so a closed server shows at once). */
export function post(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: LOOPBACK_HOST, port, path, method: 'POST', agent: false, headers: { 'content-length': 0 } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    // Never left hanging by whatever else may listen on a freed port.
    outgoing.setTimeout(5_000, () => outgoing.destroy(new Error(`no answer from port ${port} in 5 s`)));
    outgoing.end();
  });
}

/**
 * After a bench server closed: its port refuses the void. Other test files run in parallel
 * processes and one may bind the freed port at once, so a reset, or another server's refusal
 * (never a 200 void), is accepted too.
 */
export async function expectVoidRefused(port: number): Promise<void> {
  const late = await post(port, '/v1/invoices/in_late/void').catch((error: NodeJS.ErrnoException) => error);
  if (late instanceof Error) expect((late as NodeJS.ErrnoException).code).toMatch(/^ECONN(REFUSED|RESET)$/);
  else expect(late.status).not.toBe(200);
}
