import { type ChildProcess, spawn } from 'node:child_process';
import { dirname } from 'node:path';

/** What a finished `billbridge` process left. */
export interface BillbridgeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of `spawnBillbridge`. */
export interface SpawnBillbridgeOptions {
  /** The environment on top of a clean one (PATH and HOME only: no keys leak in from the host). */
  env?: Record<string, string>;
  stdin?: string;
  cwd?: string;
}

/** A running `billbridge` process: wait for it, or signal it while it runs. */
export interface RunningBillbridge {
  child: ChildProcess;
  /** Resolves once stderr or stdout has shown `pattern` (or rejects when the process ended first). */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<void>;
  done: Promise<BillbridgeRun>;
}

/**
 * Starts the built bin (`buildCliBundle`) with `node`, as a user runs it. Point it at a provider
 * through `env` (`BILLBRIDGE_PROVIDER`, `STRIPE_SECRET_KEY`, `BILLBRIDGE_STRIPE_API_BASE` for a
 * loopback server now, the emulator's URL once it exists).
 */
export function startBillbridge(
  bin: string,
  args: readonly string[],
  options: SpawnBillbridgeOptions = {},
): RunningBillbridge {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? dirname(bin),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; stream: 'stdout' | 'stderr'; resolve: () => void }[] = [];
  const check = () => {
    for (const watcher of [...watchers]) {
      if (watcher.pattern.test(watcher.stream === 'stdout' ? stdout : stderr)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    check();
  });
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  else child.stdin!.end();
  const done = new Promise<BillbridgeRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    done,
    waitFor(pattern, stream = 'stderr') {
      return new Promise<void>((resolve, reject) => {
        watchers.push({ pattern, stream, resolve });
        check();
        void done.then((run) =>
          reject(new Error(`billbridge ended (${run.code}) before ${pattern}: ${run.stderr}`)),
        );
      });
    },
  };
}

/** Runs the bin to the end. */
export function runBillbridge(
  bin: string,
  args: readonly string[],
  options: SpawnBillbridgeOptions = {},
): Promise<BillbridgeRun> {
  return startBillbridge(bin, args, options).done;
}
