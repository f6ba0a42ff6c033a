import { request } from 'node:http';
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
