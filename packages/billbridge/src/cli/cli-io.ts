/** A writable stream that may be a terminal. */
export interface CliOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Where the CLI reads and writes: the process, or a test's capture. */
export interface CliIo {
  /** Data: records, tables, NDJSON. */
  stdout: CliOutput;
  /** Messages, warnings, progress. */
  stderr: CliOutput;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /**
   * Calls `handler` on SIGINT or SIGTERM (with the signal's name), and once with `SIGPIPE` when the
   * reader of stdout went away (`… --json | head -1`), until the returned function is called.
   */
  onInterrupt(handler: (signal: 'SIGINT' | 'SIGTERM' | 'SIGPIPE') => void): () => void;
  /** Ends the process at once (a second Ctrl-C). */
  exitNow(code: number): never;
}

/**
 * The running process as a `CliIo`. A closed stdout (EPIPE: the reader of a pipe went away) is a
 * stop like SIGTERM, told once to every interrupt handler: the calls in flight finish and are
 * journaled, and what is written to stdout after it is dropped. Until 2026-12-07 the EPIPE was an
 * unhandled 'error' event that ended the process with calls in flight left without outcomes.
 */
export function processIo(): CliIo {
  const handlers = new Set<(signal: 'SIGINT' | 'SIGTERM' | 'SIGPIPE') => void>();
  let stdoutClosed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      process.stderr.write(`billbridge: stdout: ${error.message}\n`);
      return;
    }
    if (stdoutClosed) return;
    stdoutClosed = true;
    for (const handler of [...handlers]) handler('SIGPIPE');
  });
  const stdout: CliOutput = {
    write: (text) => (stdoutClosed ? true : process.stdout.write(text)),
    get isTTY() {
      return process.stdout.isTTY;
    },
    get columns() {
      return process.stdout.columns;
    },
  };
  return {
    stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onInterrupt(handler) {
      const onSigint = () => handler('SIGINT');
      const onSigterm = () => handler('SIGTERM');
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigterm);
      handlers.add(handler);
      return () => {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigterm);
        handlers.delete(handler);
      };
    },
    exitNow(code) {
      process.exit(code);
    },
  };
}
