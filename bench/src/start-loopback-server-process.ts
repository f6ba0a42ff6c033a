import { type ChildProcess, fork } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOOPBACK_HOST, type LoopbackStopReason } from './create-loopback-server.js';
import type { LoopbackProcessMessage } from './loopback-server-process.js';

export interface LoopbackServerProcessOptions {
  /** Requests answered before the server closes by itself. */
  maxRequests: number;
  /** The server closes by itself after this many ms. */
  maxDurationMs: number;
}

export interface LoopbackServerProcessResult {
  reason: LoopbackStopReason;
  requests: number;
  /** The server process's own CPU time (user + system) while it served. */
  cpuMicros: number;
}

export interface LoopbackServerProcess {
  readonly host: typeof LOOPBACK_HOST;
  readonly port: number;
  readonly pid: number;
  /** Resolves once the server process reported that it closed. */
  readonly closed: Promise<LoopbackServerProcessResult>;
  /** Asks the server to close now (idempotent); resolves with its report. */
  close(): Promise<LoopbackServerProcessResult>;
}

/**
 * How to run the server's module in a child: tsx's loader when the bench runs from TypeScript
 * (`pnpm bench`, vitest), plain node otherwise.
 */
function childExecArgv(modulePath: string): string[] {
  if (!modulePath.endsWith('.ts')) return [];
  return ['--import', import.meta.resolve('tsx')];
}

/**
 * Starts the cassette-answering loopback server (`createLoopbackServer`) in another process, so
 * the bench's CPU time per void is the client's alone. The server keeps its own caps; this side
 * also kills it if it does not report within 10 s of being asked to close.
 */
export async function startLoopbackServerProcess(
  options: LoopbackServerProcessOptions,
): Promise<LoopbackServerProcess> {
  const modulePath = fileURLToPath(
    new URL(`./loopback-server-process${extname(import.meta.url)}`, import.meta.url),
  );
  const child: ChildProcess = fork(modulePath, [JSON.stringify(options)], {
    execArgv: childExecArgv(modulePath),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let resolveClosed!: (result: LoopbackServerProcessResult) => void;
  let rejectClosed!: (error: Error) => void;
  const closed = new Promise<LoopbackServerProcessResult>((resolve, reject) => {
    resolveClosed = resolve;
    rejectClosed = reject;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: LoopbackProcessMessage) => {
      if (message.type === 'listening') resolve(message.port);
      else if (message.type === 'closed')
        resolveClosed({
          reason: message.reason as LoopbackStopReason,
          requests: message.requests,
          cpuMicros: message.cpuMicros,
        });
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const error = new Error(`bench: the loopback server process exited (${signal ?? code})`);
      reject(error);
      rejectClosed(error);
    });
  });
  // Nothing the bench does waits on a rejection it did not ask for.
  closed.catch(() => {});
  let closing: Promise<LoopbackServerProcessResult> | undefined;
  return {
    host: LOOPBACK_HOST,
    port,
    pid: child.pid!,
    closed,
    close() {
      if (closing) return closing;
      if (child.connected) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      closing = closed.finally(() => clearTimeout(timer));
      return closing;
    },
  };
}
