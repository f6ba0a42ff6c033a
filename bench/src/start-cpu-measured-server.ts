import { type ChildProcess, fork } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CpuMeasuredServerKind, CpuMeasuredServerMessage } from './cpu-measured-server-process.js';

export interface CpuMeasuredServer {
  readonly kind: CpuMeasuredServerKind;
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly pid: number;
  /** The server process's CPU time so far (user + system, µs), as it reports it itself. */
  cpuMicros(): Promise<number>;
  /** Stops the process (killed if it has not exited 10 s later). */
  close(): Promise<void>;
}

export interface CpuMeasuredServerOptions {
  /** Write a V8 CPU profile of the server process into this directory (`--cpu-prof`). */
  cpuProfileDir?: string;
}

/**
 * Forks `cpu-measured-server-process` as `kind`, with the bench's own Node flags (tsx's loader and
 * `--conditions=source` under `bench:source`, so the emulator runs the same code as the rest of
 * the bench), and talks to it over IPC.
 */
export async function startCpuMeasuredServer(
  kind: CpuMeasuredServerKind,
  options: CpuMeasuredServerOptions = {},
): Promise<CpuMeasuredServer> {
  const modulePath = fileURLToPath(
    new URL(`./cpu-measured-server-process${extname(import.meta.url)}`, import.meta.url),
  );
  const execArgv = [
    ...process.execArgv,
    ...(modulePath.endsWith('.ts') && !process.execArgv.some((arg) => arg.includes('/tsx/dist/loader'))
      ? ['--import', import.meta.resolve('tsx')]
      : []),
    ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
  ];
  const child: ChildProcess = fork(modulePath, [kind], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting: ((micros: number) => void)[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: CpuMeasuredServerMessage) => {
      if (message.type === 'listening') resolve(message.port);
      else if (message.type === 'cpu') waiting.shift()?.(message.micros);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`bench: the ${kind} server process exited (${signal ?? code})`)),
    );
  });
  return {
    kind,
    host: '127.0.0.1',
    port,
    pid: child.pid!,
    cpuMicros: () =>
      new Promise<number>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`bench: the ${kind} server process is gone`));
        waiting.push(resolve);
        child.send({ type: 'cpu' });
      }),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
