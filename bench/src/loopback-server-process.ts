/**
 * The loopback server as a process of its own (DESIGN §12: the server must not share the measured
 * process's CPU). Started by `startLoopbackServerProcess` with `fork`; takes its caps as one JSON
 * argument, reports `{ type: 'listening', port }` over IPC, closes on `{ type: 'close' }` or when
 * its parent goes away, and reports `{ type: 'closed', reason, requests, cpuMicros }` before it exits.
 */
import { createLoopbackServer, type LoopbackServerOptions } from './create-loopback-server.js';

/** What the server process reports to its parent. */
export type LoopbackProcessMessage =
  | { type: 'listening'; port: number }
  | { type: 'closed'; reason: string; requests: number; cpuMicros: number };

async function serve() {
  const options = JSON.parse(process.argv[2] ?? '') as Pick<
    LoopbackServerOptions,
    'maxRequests' | 'maxDurationMs'
  >;
  const server = await createLoopbackServer(options);
  const started = process.cpuUsage();
  const send = (message: LoopbackProcessMessage) => process.send?.(message);
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'close') void server.close();
  });
  // Never outlive the bench: a parent that died or disconnected closes the server.
  process.on('disconnect', () => void server.close());
  send({ type: 'listening', port: server.port });
  const reason = await server.closed;
  const cpu = process.cpuUsage(started);
  send({ type: 'closed', reason, requests: server.requests, cpuMicros: cpu.user + cpu.system });
  process.disconnect?.();
}

await serve();
