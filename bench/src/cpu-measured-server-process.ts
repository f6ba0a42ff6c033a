/**
 * A server the emulator benchmark measures, as a process of its own (DESIGN §12): `emulator`
 * (`startEmulator()`, the package as built) or `floor` (a bare `node:http` server answering one
 * fixed body per provider, the least any HTTP server on this machine can spend on a request).
 * Started by `startCpuMeasuredServer` with `fork`; reports `{ type: 'listening', port }`, answers
 * `{ type: 'cpu' }` with its own `process.cpuUsage()` (user + system µs) so both servers are
 * measured the same way, and exits on `{ type: 'close' }` or when its parent goes away.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCassetteBodies } from './load-cassette-bodies.js';

export type CpuMeasuredServerKind = 'emulator' | 'floor';

/** What the server process sends its parent. */
export type CpuMeasuredServerMessage = { type: 'listening'; port: number } | { type: 'cpu'; micros: number };

/** The floor: drains the request body, then answers the fixed body of the path's provider. */
async function startFloor(): Promise<{ port: number; close(): Promise<void> }> {
  const bodies = loadCassetteBodies();
  const stripeBody = JSON.stringify(bodies.stripeInvoiceVoid);
  const chargebeeBody = JSON.stringify(bodies.chargebeeInvoiceVoid);
  const server: Server = createServer((request, response) => {
    const body = request.url?.startsWith('/api/v2/') ? chargebeeBody : stripeBody;
    request.resume();
    request.once('end', () => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve() {
  const kind = process.argv[2] as CpuMeasuredServerKind;
  if (kind !== 'emulator' && kind !== 'floor') throw new Error(`bench: unknown server ${kind}`);
  // The floor does not load the emulator (its sources, zod, the schemas): ~0.8 s of CPU a process.
  const server =
    kind === 'emulator' ? await (await import('@billbridge/emulator')).startEmulator() : await startFloor();
  const send = (message: CpuMeasuredServerMessage) => process.send?.(message);
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await server.close();
    process.disconnect?.();
  };
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'cpu') {
      const used = process.cpuUsage();
      send({ type: 'cpu', micros: used.user + used.system });
    } else if (message?.type === 'close') void close();
  });
  // Never outlive the bench.
  process.on('disconnect', () => void close());
  send({ type: 'listening', port: server.port });
}

await serve();
